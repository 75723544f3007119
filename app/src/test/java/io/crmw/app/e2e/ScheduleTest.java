package io.crmw.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.crmw.app.engine.Engine;
import io.crmw.app.engine.SyncProgress;
import io.crmw.app.schedule.Schedules;
import io.crmw.sandbox.Sandbox;
import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.faults.FaultPlan;
import io.crmw.warehouse.Warehouse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `serve`: Quartz fires each source's cron, never overlaps runs of a source, and fires a missed run once after a restart. */
class ScheduleTest {
    @TempDir
    Path dir;

    record Run(Instant started, Instant finished, String trigger) {}

    private static List<Run> runs(Engine engine) throws Exception {
        try (var c = engine.bean(Warehouse.class).connect()) {
            return runs(c);
        }
    }

    /** Reads the run history from the warehouse file while no engine holds it. */
    private static List<Run> runs(Path warehouse) throws Exception {
        try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + warehouse)) {
            return runs(c);
        }
    }

    private static List<Run> runs(java.sql.Connection c) throws Exception {
        List<Run> runs = new ArrayList<>();
        try (var st = c.createStatement();
             var rs = st.executeQuery("select started_at::timestamp, finished_at::timestamp, trigger from meta.sync_run order by started_at")) {
            while (rs.next()) {
                Timestamp finished = rs.getTimestamp(2);
                runs.add(new Run(rs.getTimestamp(1).toInstant(), finished == null ? null : finished.toInstant(), rs.getString(3)));
            }
        }
        return runs;
    }

    private static Engine serve(PipelineHarness h) {
        Engine engine = Engine.forServe(h.config, List.of(Schedules.class), Map.of("server.port", 0));
        engine.bean(SyncProgress.class).quiet(true);
        return engine;
    }

    @Test
    void firesOnScheduleWithoutOverlapAndCatchesUpOnceAfterADowntime() throws Exception {
        // slow responses make each run outlast the 2-second cron period, so triggers fire while a run is going
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withSeed(9).withSize(1).withSearchPerSecond(25)
                .withFaults(FaultPlan.none().withDelayMillis(25)));
             PipelineHarness h = new PipelineHarness(sandbox, dir, Optional.of("0/2 * * * * ?"))) {
            Engine first = serve(h);
            await().atMost(Duration.ofSeconds(120)).until(() -> runs(first).stream().filter(r -> r.finished() != null).count() >= 2);

            String port = first.context().getEnvironment().getProperty("local.server.port");
            var health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"");
            var metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body()).contains("crmw_records_landed_total");

            first.close();
            List<Run> beforeRestart = runs(h.config.warehouse());
            assertThat(beforeRestart).allMatch(r -> "schedule".equals(r.trigger()));
            assertNoOverlap(beforeRestart);

            // down for several fire times; on restart the missed schedule fires once, right away
            Instant down = Instant.now();
            await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6)).until(() -> true);
            Instant restart = Instant.now();
            Engine second = serve(h);
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> runs(second).size() > beforeRestart.size());
                List<Run> after = runs(second);
                Run catchUp = after.get(beforeRestart.size());
                assertThat(catchUp.started()).isAfter(restart).isBefore(restart.plusSeconds(20));
                assertThat(down).isBefore(restart);
                await().atMost(Duration.ofSeconds(120)).until(() -> runs(second).get(beforeRestart.size()).finished() != null);
                List<Run> all = runs(second);
                assertNoOverlap(all);
                // the downtime's 2 missed fires did not become a burst of back-to-back catch-up runs
                Instant catchUpEnd = all.get(beforeRestart.size()).finished();
                long startedRightAfter = all.stream().filter(r -> r.started().isAfter(catchUpEnd)
                        && r.started().isBefore(catchUpEnd.plusMillis(200))).count();
                assertThat(startedRightAfter).isLessThanOrEqualTo(1);
            } finally {
                second.close();
            }
        }
    }

    @Test
    void reportsAreRebuiltOnTheirOwnCron() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withSeed(9).withSize(1).withSearchPerSecond(25));
             PipelineHarness h = new PipelineHarness(sandbox, dir)) {
            assertThat(h.sync().status()).isEqualTo("succeeded");
            h.stopEngine();
            var withTransformCron = new io.crmw.app.config.CrmwConfig(h.config.file(), h.config.warehouse(),
                    h.config.published(), h.config.reportingCurrency(), h.config.reportingTimeZone(), h.config.referenceDir(),
                    Optional.of("0/2 * * * * ?"), h.config.sources());
            Engine engine = Engine.forServe(withTransformCron, List.of(Schedules.class), Map.of("server.port", 0));
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    try (var c = engine.bean(Warehouse.class).connect(); var st = c.createStatement();
                         var rs = st.executeQuery("select count(*) from meta.transform_run where status = 'succeeded'")) {
                        rs.next();
                        return rs.getLong(1) >= 3; // one after the sync, then at least two on the cron
                    }
                });
            } finally {
                engine.close();
            }
            // no sync ran on a schedule: the source has none
            assertThat(runs(h.config.warehouse())).hasSize(1);
        }
    }

    private static void assertNoOverlap(List<Run> runs) {
        for (int i = 1; i < runs.size(); i++) {
            Run previous = runs.get(i - 1);
            assertThat(previous.finished()).as("run %d finished before the next started", i - 1).isNotNull();
            assertThat(runs.get(i).started()).isAfterOrEqualTo(previous.finished());
        }
    }
}
