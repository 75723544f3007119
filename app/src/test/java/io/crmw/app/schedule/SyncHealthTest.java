package io.crmw.app.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.app.config.CrmwConfig;
import io.crmw.app.engine.Engine;
import io.crmw.connectors.spi.Secret;
import io.crmw.connectors.spi.SourceConfig;
import io.crmw.warehouse.Warehouse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** `serve`'s health turns DOWN, naming the source, when syncs are older than the schedule allows or a run hangs. */
class SyncHealthTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final Duration DEADLINE = Duration.ofMinutes(240);
    private static final SyncFreshness.Watched HOURLY =
            new SyncFreshness.Watched("hubspot-main", Optional.of("0 0 * * * ?"), DEADLINE);

    private static Health assess(SyncFreshness.Watched watched, Optional<Instant> lastSuccess, Optional<Instant> running) {
        return SyncFreshness.assess(List.of(watched), Map.of(watched.source(), new SyncFreshness.Runs(lastSuccess, running)),
                BERLIN, NOW.minus(Duration.ofDays(30)), NOW);
    }

    @Test
    void anHourlySourceIsDownOnceItsLastSuccessIsOlderThanTwoIntervalsPlusTheDeadline() {
        // allowed: 2 × 1 h + 240 min = 6 h
        assertThat(assess(HOURLY, Optional.of(NOW.minus(Duration.ofHours(5).plusMinutes(59))), Optional.empty())
                .getStatus()).isEqualTo(Status.UP);
        Health stale = assess(HOURLY, Optional.of(NOW.minus(Duration.ofHours(6).plusMinutes(1))), Optional.empty());
        assertThat(stale.getStatus()).isEqualTo(Status.DOWN);
        @SuppressWarnings("unchecked")
        Map<String, Object> source = (Map<String, Object>) stale.getDetails().get("hubspot-main");
        assertThat((String) source.get("problem")).contains("source 'hubspot-main'")
                .contains("last successful sync at 2026-03-10T05:59:00Z").contains("360 min");
    }

    @Test
    void aRunGoingPastItsDeadlineIsDownEvenWhenTheLastSuccessIsRecent() {
        Health hung = assess(HOURLY, Optional.of(NOW.minus(Duration.ofMinutes(30))),
                Optional.of(NOW.minus(DEADLINE).minus(SyncFreshness.AFTER_DEADLINE).minusSeconds(1)));
        assertThat(hung.getStatus()).isEqualTo(Status.DOWN);
        assertThat(hung.getDetails().toString()).contains("still going, past its deadline (run-deadline-minutes: 240)");
        assertThat(assess(HOURLY, Optional.of(NOW.minus(Duration.ofMinutes(30))),
                Optional.of(NOW.minus(Duration.ofMinutes(200)))).getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void aWeekdayCronAllowsTheWeekendGap() {
        SyncFreshness.Watched weekdays = new SyncFreshness.Watched("sf", Optional.of("0 0 2 ? * MON-FRI"), DEADLINE);
        // Friday 02:00 → Monday 02:00 is the longest gap (72 h): allowed 2 × 72 h + 4 h
        assertThat(SyncFreshness.interval("0 0 2 ? * MON-FRI", BERLIN, NOW)).isEqualTo(Duration.ofHours(72));
        assertThat(assess(weekdays, Optional.of(NOW.minus(Duration.ofHours(100))), Optional.empty()).getStatus())
                .isEqualTo(Status.UP);
    }

    @Test
    void anUnscheduledSourceIsNeverStaleAndANewSourceCountsFromServeStart() {
        SyncFreshness.Watched manual = new SyncFreshness.Watched("manual", Optional.empty(), DEADLINE);
        assertThat(assess(manual, Optional.empty(), Optional.empty()).getStatus()).isEqualTo(Status.UP);
        // never succeeded, serve up for 30 days: down, and says so
        Health never = assess(HOURLY, Optional.empty(), Optional.empty());
        assertThat(never.getStatus()).isEqualTo(Status.DOWN);
        assertThat(never.getDetails().toString()).contains("no successful sync since `serve` started");
    }

    @TempDir
    Path dir;

    @Test
    void actuatorHealthIsDownNamingTheSourceWhoseRunHangs() throws Exception {
        Path warehouse = dir.resolve("warehouse.duckdb");
        // a run started 5 hours ago and still 'running' (deadline 60 min), written before serve starts
        try (Warehouse w = Warehouse.open(warehouse); var c = w.connect(); var st = c.createStatement()) {
            st.execute("insert into meta.sync_run (run_id, source, trigger, full_refresh, started_at, status) values "
                    + "('r-hung', 'hubspot-hung', 'schedule', false, now() - interval 5 hour, 'running')");
        }
        SourceConfig hung = new SourceConfig("hubspot-hung", "hubspot", URI.create("http://127.0.0.1:9"),
                Map.of("run-deadline-minutes", "60"), Map.of("token", new Secret("test", "t")), List.of(), Optional.empty());
        CrmwConfig config = new CrmwConfig(dir.resolve("application.yml"), warehouse,
                dir.resolve("published/warehouse.duckdb"), "USD", BERLIN, io.crmw.app.e2e.PipelineHarness.REFERENCE, Optional.empty(),
                List.of(new CrmwConfig.ScheduledSource(hung, Optional.of("0 0 2 1 1 ? 2099"))));
        try (Engine engine = Engine.forServe(config, List.of(Schedules.class), Map.of("server.port", 0))) {
            String port = engine.context().getEnvironment().getProperty("local.server.port");
            var health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
            // before: 200 UP whatever the runs did
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("\"status\":\"DOWN\"").contains("hubspot-hung")
                    .contains("past its deadline (run-deadline-minutes: 60)");
        }
    }
}
