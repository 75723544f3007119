package io.crmw.warehouse.raw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmw.warehouse.Warehouse;
import io.crmw.warehouse.state.SyncState;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PageBatchTest {

    @TempDir
    Path dir;

    static long scalar(Warehouse wh, String sql) throws Exception {
        try (Connection c = wh.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static List<RawRecord> page(String... ids) {
        return java.util.Arrays.stream(ids).map(RawLandingTest::rec).toList();
    }

    @Test
    void commitsAtTheRowBoundWithTheCursorOfTheBatchsLastPage() throws Exception {
        try (Warehouse wh = Warehouse.open(dir.resolve("w.duckdb"))) {
            try (RawLanding.PageBatch batch = wh.landing().openBatch("s", "deals", "run-1", new BatchBounds(4, 3_600_000))) {
                batch.add(page("1", "2"), "c1", false);
                assertThat(scalar(wh, "select count(*) from raw.s__deals")).as("nothing visible before the bound").isZero();
                assertThat(wh.syncState().get("s", "deals")).isEmpty();
                batch.add(page("3", "4"), "c2", false); // 4 rows: the bound
                assertThat(scalar(wh, "select count(*) from raw.s__deals")).isEqualTo(4);
                assertThat(wh.syncState().get("s", "deals").orElseThrow().cursor()).isEqualTo("c2");
                batch.add(page("5"), "c3", false);
                assertThat(batch.pendingRows()).isEqualTo(1);
            } // closing commits what is open
            assertThat(scalar(wh, "select count(*) from raw.s__deals")).isEqualTo(5);
            assertThat(scalar(wh, "select max(_seq) from raw.s__deals")).isEqualTo(5);
            SyncState s = wh.syncState().get("s", "deals").orElseThrow();
            assertThat(s.cursor()).isEqualTo("c3");
            assertThat(s.recordsLanded()).isEqualTo(5);
            assertThat(s.lastSuccessAt()).isNull();
        }
    }

    @Test
    void commitsAtThePayloadBoundAfterThePageThatReachesIt() throws Exception {
        long onePage = page("1", "2").stream().mapToLong(r -> r.payload().length()).sum();
        try (Warehouse wh = Warehouse.open(dir.resolve("w.duckdb"));
             RawLanding.PageBatch batch = wh.landing().openBatch("s", "deals", "run-1",
                     new BatchBounds(1_000, onePage + 1, 3_600_000))) {
            batch.add(page("1", "2"), "c1", false); // one character short of the bound
            assertThat(batch.pendingRows()).isEqualTo(2);
            assertThat(scalar(wh, "select count(*) from raw.s__deals")).isZero();
            batch.add(page("3"), "c2", false); // past it: committed with the batch's last cursor
            assertThat(batch.pendingRows()).isZero();
            assertThat(scalar(wh, "select count(*) from raw.s__deals")).isEqualTo(3);
            assertThat(wh.syncState().get("s", "deals").orElseThrow().cursor()).isEqualTo("c2");
            batch.add(page("4"), "c3", false); // the count starts again with the next batch
            assertThat(batch.pendingRows()).isEqualTo(1);
        }
    }

    @Test
    void commitsAtTheTimeBoundAndWhenThePassCompletes() throws Exception {
        try (Warehouse wh = Warehouse.open(dir.resolve("w.duckdb"));
             RawLanding.PageBatch batch = wh.landing().openBatch("s", "deals", "run-1", new BatchBounds(1_000, 0))) {
            batch.add(page("1"), "c1", false); // a batch 0 ms old is at its time bound
            assertThat(scalar(wh, "select count(*) from raw.s__deals")).isEqualTo(1);

            try (RawLanding.PageBatch big = wh.landing().openBatch("s", "notes", "run-1", new BatchBounds(1_000, 3_600_000))) {
                big.add(page("1", "2"), "n1", false);
                big.add(page("3"), null, true);
                assertThat(big.pendingRows()).isZero();
                assertThat(scalar(wh, "select count(*) from raw.s__notes")).isEqualTo(3);
                assertThat(wh.syncState().get("s", "notes").orElseThrow().lastSuccessAt()).isNotNull();
            }
        }
    }

    @Test
    void aFailedCommitRollsBackEveryPageOfTheBatchWithItsCursor() throws Exception {
        try (Warehouse wh = Warehouse.open(dir.resolve("w.duckdb"))) {
            RawLanding landing = wh.landing();
            landing.landPage("s", "deals", "run-1", page("1"), "c1", false);
            try (RawLanding.PageBatch batch = landing.openBatch("s", "deals", "run-1", new BatchBounds(1_000, 3_600_000))) {
                batch.add(page("2", "3"), "c2", false);
                batch.add(page("4"), "c3", false);
                landing.afterAppendHook = () -> {
                    throw new IllegalStateException("killed");
                };
                assertThatThrownBy(batch::commit).hasMessageContaining("killed");
                landing.afterAppendHook = () -> {};
                assertThat(batch.pendingRows()).isZero();
            }
            assertThat(scalar(wh, "select count(*) from raw.s__deals")).isEqualTo(1);
            assertThat(wh.syncState().get("s", "deals").orElseThrow().cursor()).isEqualTo("c1");
            // the sequence continues after what was committed
            landing.landPage("s", "deals", "run-1", page("2"), "c2", false);
            assertThat(scalar(wh, "select max(_seq) from raw.s__deals")).isEqualTo(2);
        }
    }

    @Test
    void aProcessKilledMidBatchLosesNothingAndDoublesNothingOnResume() throws Exception {
        Path db = dir.resolve("w.duckdb");
        // 100-record pages, batches of 1,000 rows: pages 0-9 and 10-19 commit, the kill comes after page 24
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // its own temporary directory: the killed child cannot delete the DuckDB native library it extracted there
                "-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("tmp")),
                "-cp", System.getProperty("java.class.path"), BatchLandingChild.class.getName(), db.toString(), "49", "24")
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("mid-batch")) {
                // the child's start-up log
            }
            assertThat(line).as("the child reached page 24").isEqualTo("mid-batch 500");
        } finally {
            child.destroyForcibly(); // SIGKILL
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        try (var left = Files.list(dir.resolve("tmp"))) {
            assertThat(left.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("libduckdb_java")).count())
                    .as("the killed child's DuckDB library, in the test's directory rather than /tmp").isPositive();
        }

        try (Warehouse wh = Warehouse.open(db)) {
            assertThat(scalar(wh, "select count(*) from raw.child__items")).as("two committed batches").isEqualTo(2_000);
            assertThat(wh.syncState().get("child", "items").orElseThrow().cursor()).isEqualTo("p19");

            BatchLandingChild.land(wh, 49, -1); // resumes after p19

            assertThat(scalar(wh, "select count(*) from raw.child__items")).isEqualTo(5_000);
            assertThat(scalar(wh, "select count(distinct _id) from raw.child__items")).isEqualTo(5_000);
            assertThat(scalar(wh, "select min(_id::int) from raw.child__items")).isZero();
            assertThat(scalar(wh, "select max(_id::int) from raw.child__items")).isEqualTo(4_999);
            assertThat(scalar(wh, "select count(distinct _seq) from raw.child__items")).isEqualTo(5_000);
            assertThat(scalar(wh, "select max(_seq) from raw.child__items")).isEqualTo(5_000);
            SyncState s = wh.syncState().get("child", "items").orElseThrow();
            assertThat(s.cursor()).isEqualTo("p49");
            assertThat(s.recordsLanded()).isEqualTo(5_000);
            assertThat(s.lastSuccessAt()).isNotNull();
        }
    }
}
