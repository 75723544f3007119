package io.crmw.etl.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.warehouse.Warehouse;
import io.crmw.warehouse.model.TransformResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds requested at the same time (sources sharing a schedule in {@code serve}) neither collide nor repeat. */
class TransformerTest {

    @TempDir
    Path dir;

    @Test
    void requestsThatArriveDuringABuildShareOneBuildAfterItAndNoneFails() throws Exception {
        try (Warehouse wh = Warehouse.open(dir.resolve("w.duckdb"))) {
            Transformer transformer = new Transformer(wh, new TransformSettings("USD", ZoneId.of("Europe/Berlin"),
                    Path.of("../config/reference"), dir.resolve("published.duckdb")));
            CountDownLatch othersWaiting = new CountDownLatch(1);
            transformer.beforeBuild = () -> {
                if (Thread.currentThread().getName().equals("first")) {
                    await(othersWaiting); // hold the first build until three more requests queue behind it
                }
            };
            ExecutorService pool = Executors.newFixedThreadPool(4, r -> new Thread(r, "request"));
            try {
                List<Future<TransformResult>> results = new ArrayList<>();
                Thread first = new Thread(() -> transformer.transform("run-first"), "first");
                first.start();
                for (int i = 0; i < 3; i++) {
                    String runId = "run-" + i;
                    results.add(pool.submit(() -> transformer.transform(runId)));
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (transformer.waiting() < 3 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(transformer.waiting()).as("requests queued behind the running build").isEqualTo(3);
                othersWaiting.countDown();
                first.join(TimeUnit.SECONDS.toMillis(120));
                List<TransformResult> waited = new ArrayList<>();
                for (Future<TransformResult> f : results) {
                    waited.add(f.get(120, TimeUnit.SECONDS));
                }
                assertThat(waited).allSatisfy(r -> assertThat(r.failures()).isEmpty());
                assertThat(waited).allSatisfy(r -> assertThat(r).isSameAs(waited.get(0)));
                assertThat(waited.get(0).models()).isGreaterThan(40);
            } finally {
                pool.shutdownNow();
            }
            // the first build and one shared build, both succeeded; no third, fourth or fifth
            assertThat(rows(wh, "select status from meta.transform_run order by started_at"))
                    .containsExactly("succeeded", "succeeded");

            // a full request builds on its own even right after another build
            TransformResult full = transformer.transform("run-full", true);
            assertThat(full.failures()).isEmpty();
            assertThat(rows(wh, "select count(*) from meta.transform_run")).containsExactly("3");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(60, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> rows(Warehouse wh, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = wh.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
