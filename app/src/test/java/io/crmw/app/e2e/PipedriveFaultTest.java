package io.crmw.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.sandbox.Sandbox;
import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.business.Crm;
import io.crmw.sandbox.business.FxRates;
import io.crmw.sandbox.business.truth.CrmSplitTruth;
import io.crmw.sandbox.faults.FaultPlan;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pipedrive under its limits and faults: 429 bursts with Retry-After, 5xx, a dropped connection and a malformed page
 * are retried; a spent daily token budget stops the run resumably and the next day's run finishes it.
 */
class PipedriveFaultTest {

    @TempDir
    Path dir;

    private static void assertTotalsAndCountsEqualTheOracle(Sandbox sandbox, PipelineHarness h) throws Exception {
        CrmSplitTruth truth = new CrmSplitTruth(sandbox.business());
        assertThat(PipedriveEndToEndTest.reported(h, "where source_system = 'pipedrive-test'"))
                .isEqualTo(PipedriveEndToEndTest.scaled(truth.wonAmountPerMonth(Crm.PIPEDRIVE, "USD",
                        FxRates.load(PipelineHarness.FX))))
                .isNotEmpty();
        String live = "select count(*) from core.%s where not is_deleted and source_system = 'pipedrive-test'";
        assertThat(h.count(live.formatted("deal"))).isEqualTo(truth.liveDeals(Crm.PIPEDRIVE));
        assertThat(h.count(live.formatted("contact"))).isEqualTo(truth.liveContacts(Crm.PIPEDRIVE));
        assertThat(h.count(live.formatted("line_item"))).isEqualTo(truth.lineItems(Crm.PIPEDRIVE));
        assertThat(h.count("select count(*) - count(distinct source_id) from core.deal")).isZero();
    }

    @Test
    void burstLimitServerErrorsADroppedConnectionAndAMalformedPageAreRetriedAndTheTotalsAreRight() throws Exception {
        FaultPlan faults = FaultPlan.none()
                .withRateLimitBursts(30, 2, 1)
                .withServerErrorEvery(13, 503)
                .withConnectionResetEvery(29)
                .withMalformedBodyOnRequest(20);
        // a burst window of 30 per 2 s, below the connector's default 40: the simulator answers 429 with Retry-After
        try (Sandbox sandbox = PipedriveSyncTest.pipedrive(SandboxOptions.defaults().withSeed(47).withFaults(faults)
                .withPipedriveLimits(30, 0));
             PipelineHarness h = new PipelineHarness(sandbox, dir, List.of(PipelineHarness.pipedrive(sandbox,
                     Map.of("retry-base-millis", "20", "retry-max-millis", "2000"))))) {
            var result = h.sync(PipelineHarness.PIPEDRIVE);
            assertThat(result.error()).isNull();
            assertThat(result.status()).isEqualTo("succeeded");
            assertTotalsAndCountsEqualTheOracle(sandbox, h);
            // the faults really happened: 429s counted as throttled, and 5xx, resets and the bad page as retries
            long throttled = h.count("select sum(throttled) from meta.stream_run");
            assertThat(throttled).isPositive();
            assertThat(h.count("select sum(retries) from meta.stream_run")).isGreaterThanOrEqualTo(throttled + 3);
        }
    }

    @Test
    void aSpentDailyBudgetStopsTheRunResumablyAndTheNextDaysRunFinishesIt() throws Exception {
        // a full first run costs about 1,260 tokens; another app of the company spent 700 of today's 1,500 first
        try (Sandbox sandbox = PipedriveSyncTest.pipedrive(SandboxOptions.defaults().withSeed(43)
                .withPipedriveLimits(0, 1_500));
             PipelineHarness h = PipedriveSyncTest.harness(sandbox, dir)) {
            var pd = sandbox.pipedrive();
            HttpClient other = HttpClient.newHttpClient();
            for (int i = 0; i < 35; i++) {
                var users = other.send(HttpRequest.newBuilder(URI.create(pd.baseUrl() + "/v1/users"))
                        .header("x-api-token", pd.apiToken()).build(), HttpResponse.BodyHandlers.discarding());
                assertThat(users.statusCode()).isEqualTo(200);
            }
            assertThat(pd.tokensUsed()).isEqualTo(700);

            var stopped = h.sync(PipelineHarness.PIPEDRIVE);
            assertThat(stopped.status()).isEqualTo("stopped");
            assertThat(stopped.error()).contains("pipedrive-test").contains("daily API token budget is spent");
            assertThat(pd.tokensUsed()).isGreaterThanOrEqualTo(1_500);
            h.assertStoppedBy("daily API token budget is spent");

            pd.resetDailyBudget(); // midnight in the company's time zone
            var resumed = h.sync(PipelineHarness.PIPEDRIVE);
            assertThat(resumed.error()).isNull();
            assertThat(resumed.status()).isEqualTo("succeeded");
            assertThat(pd.tokensUsed()).isLessThan(1_500);
            assertTotalsAndCountsEqualTheOracle(sandbox, h);
        }
    }
}
