package io.crmw.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.sandbox.Sandbox;
import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.faults.FaultPlan;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 429 bursts, 5xx, dropped connections and a malformed page: the totals are still right. */
class FaultToleranceTest {
    @TempDir
    Path dir;

    @Test
    void transientFaultsAreRetriedAndTheTotalsAreRight() throws Exception {
        FaultPlan faults = FaultPlan.none()
                .withRateLimitBursts(40, 2, 1)
                .withServerErrorEvery(13, 503)
                .withConnectionResetEvery(29)
                .withMalformedBodyOnRequest(20);
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withSeed(5).withSize(1).withSearchPerSecond(25).withFaults(faults));
             PipelineHarness h = new PipelineHarness(sandbox, dir)) {
            var result = h.sync();
            assertThat(result.error()).isNull();
            assertThat(result.status()).isEqualTo("succeeded");
            assertThat(h.reportedWonPerMonth()).isEqualTo(h.truthWonPerMonth());
            assertThat(h.count("select count(*) from core.deal where not is_deleted")).isEqualTo(sandbox.groundTruth().liveDeals());
            assertThat(h.count("select count(*) from core.contact where not is_deleted")).isEqualTo(sandbox.groundTruth().liveContacts());
            // the faults really happened and were counted
            assertThat(h.count("select sum(throttled) from meta.stream_run")).isPositive();
            assertThat(h.count("select sum(retries) from meta.stream_run")).isGreaterThan(h.count("select sum(throttled) from meta.stream_run"));
            assertThat(h.count("select retries from meta.sync_run")).isEqualTo(h.count("select sum(retries) from meta.stream_run"));
        }
    }

    @Test
    void aPersistentFailureStopsTheStreamAtTheLastGoodPageAndTheNextRunResumes() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withSeed(5).withSize(1).withSearchPerSecond(25));
             PipelineHarness h = new PipelineHarness(sandbox, dir, Optional.empty(),
                     java.util.Map.of("retry-base-millis", "10", "retry-max-millis", "50", "max-attempts", "3"))) {
            // the deals list (a first load lists) answers 503 to 99 requests in 100 from its second on: page 1 lands,
            // page 2 never comes
            sandbox.hubspot().faults(FaultPlan.none().onlyPathsContaining("/crm/v3/objects/deals")
                    .withServerErrorRate(0.99, 503));
            var failed = h.sync();
            assertThat(failed.status()).isIn("failed", "stopped");
            assertThat(failed.error()).contains("hubspot-test").contains("deals").contains("503");
            assertThat(failed.error().lines()).allMatch(l -> l.contains("'hubspot-test'"));
            long landedDeals = h.count("select count(*) from raw.hubspot_test__deals");
            assertThat(landedDeals).isPositive();
            String cursor = (String) h.rows("select cursor from meta.sync_state where stream = 'deals'").get(0).get(0);
            assertThat(cursor).isNotNull();
            // other streams finished; deals has only what was committed before the failure
            assertThat(h.count("select count(*) from meta.stream_run where status = 'succeeded'")).isGreaterThan(10);
            assertThat(h.rows("select status from meta.stream_run where stream = 'deals'").get(0).get(0)).isIn("failed", "stopped");

            sandbox.hubspot().faults(FaultPlan.none());
            var resumed = h.sync();
            assertThat(resumed.status()).isEqualTo("succeeded");
            assertThat(h.rows("select cursor_before from meta.stream_run where stream = 'deals' order by started_at desc limit 1").get(0).get(0))
                    .isEqualTo(cursor);
            assertThat(h.count("select count(*) from raw.hubspot_test__deals")).isGreaterThanOrEqualTo(landedDeals);
            assertThat(h.count("select count(*) from core.deal where not is_deleted")).isEqualTo(sandbox.groundTruth().liveDeals());
            assertThat(h.reportedWonPerMonth()).isEqualTo(h.truthWonPerMonth());
        }
    }
}
