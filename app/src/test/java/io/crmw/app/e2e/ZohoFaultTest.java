package io.crmw.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.connectors.spi.RateLimit;
import io.crmw.connectors.spi.SourceConfig;
import io.crmw.sandbox.Sandbox;
import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.business.Crm;
import io.crmw.sandbox.business.truth.CrmSplitTruth;
import io.crmw.sandbox.faults.Fault;
import io.crmw.sandbox.faults.FaultPlan;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zoho under its limits and faults: 429 TOO_MANY_REQUESTS bursts, 5xx, a dropped connection and a malformed page are
 * retried; spent daily API credits stop the run resumably and the run after the rolling day finishes it.
 */
class ZohoFaultTest {

    @TempDir
    Path dir;

    private static void assertTotalsAndCountsEqualTheOracle(Sandbox sandbox, PipelineHarness h) throws Exception {
        CrmSplitTruth truth = new CrmSplitTruth(sandbox.business());
        assertThat(PipedriveEndToEndTest.reported(h, "where source_system = 'zoho-test'"))
                .isEqualTo(ZohoSyncTest.oracle(sandbox)).isNotEmpty();
        String live = "select count(*) from core.%s where not is_deleted and source_system = 'zoho-test'";
        assertThat(h.count(live.formatted("deal"))).isEqualTo(truth.liveDeals(Crm.ZOHO));
        assertThat(h.count(live.formatted("account"))).isEqualTo(truth.liveCompanies(Crm.ZOHO));
        assertThat(h.count(live.formatted("contact")) + h.count(live.formatted("lead") + " and not is_converted"))
                .isEqualTo(truth.liveContacts(Crm.ZOHO));
        assertThat(h.count("select count(*) - count(distinct source_id) from core.deal")).isZero();
    }

    @Test
    void tooManyRequestsServerErrorsADroppedConnectionAndAMalformedPageAreRetriedAndTheTotalsAreRight()
            throws Exception {
        FaultPlan faults = FaultPlan.none()
                .withServerErrorEvery(13, 503)
                .withConnectionResetEvery(29)
                .withMalformedBodyOnRequest(20);
        // a burst window of 20 calls per rolling second, below the source's own budget of 25 (Zoho documents no
        // per-second rate, so the connector only caps calls in flight): Zoho answers 429 TOO_MANY_REQUESTS
        try (Sandbox sandbox = ZohoSyncTest.zoho(SandboxOptions.defaults().withSeed(47).withFaults(faults)
                .withZohoLimits(20, 0));
             PipelineHarness h = new PipelineHarness(sandbox, dir, List.of(withBudget(PipelineHarness.zoho(sandbox,
                     ZohoEndToEndTest.FAST), new RateLimit(25, Duration.ofSeconds(1), 10))))) {
            var result = h.sync(PipelineHarness.ZOHO);
            assertThat(result.error()).isNull();
            assertThat(result.status()).isEqualTo("succeeded");
            assertTotalsAndCountsEqualTheOracle(sandbox, h);
            // the faults really happened: 429s counted as throttled, and 5xx, resets and the bad page as retries
            long throttled = h.count("select sum(throttled) from meta.stream_run");
            assertThat(throttled).isPositive();
            assertThat(h.count("select sum(retries) from meta.stream_run")).isGreaterThanOrEqualTo(throttled + 3);
            assertThat(sandbox.zoho().injectedFaults()).containsKeys(Fault.Kind.SERVER_ERROR,
                    Fault.Kind.CONNECTION_RESET, Fault.Kind.MALFORMED_BODY);
        }
    }

    private static SourceConfig withBudget(SourceConfig s, RateLimit budget) {
        return new SourceConfig(s.name(), s.type(), s.baseUrl(), s.settings(), s.secrets(), s.streams(),
                Optional.of(budget));
    }

    @Test
    void spentDailyCreditsStopTheRunResumablyAndTheRunAfterTheRollingDayFinishesIt() throws Exception {
        // a full run costs about 130 credits (one Stage_History call per deal among them); another app of the
        // company spent 60 of today's 150 first
        try (Sandbox sandbox = ZohoSyncTest.zoho(SandboxOptions.defaults().withSeed(43).withZohoLimits(0, 150));
             PipelineHarness h = ZohoSyncTest.harness(sandbox, dir)) {
            var zoho = sandbox.zoho();
            Map<String, String> app = zoho.connectionSettings();
            HttpClient other = HttpClient.newHttpClient();
            var token = other.send(HttpRequest.newBuilder(URI.create(app.get("accounts-url") + "/oauth/v2/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token="
                            + app.get("refresh-token") + "&client_id=" + app.get("client-id") + "&client_secret="
                            + app.get("client-secret"))).build(), HttpResponse.BodyHandlers.ofString());
            Matcher access = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(token.body());
            assertThat(access.find()).as(token.body()).isTrue();
            for (int i = 0; i < 60; i++) {
                var org = other.send(HttpRequest.newBuilder(URI.create(zoho.baseUrl() + "/crm/v8/org"))
                        .header("Authorization", "Zoho-oauthtoken " + access.group(1)).build(),
                        HttpResponse.BodyHandlers.discarding());
                assertThat(org.statusCode()).isEqualTo(200);
            }
            assertThat(zoho.creditsUsed()).isEqualTo(60);

            var stopped = h.sync(PipelineHarness.ZOHO);
            assertThat(stopped.status()).isEqualTo("stopped");
            assertThat(stopped.error()).contains("zoho-test").contains("API credits for the rolling 24 hours are spent");
            assertThat(zoho.creditsUsed()).isEqualTo(150);
            h.assertStoppedBy("API credits");

            zoho.resetDailyCredits(); // the rolling 24 hours freed them
            var resumed = h.sync(PipelineHarness.ZOHO);
            assertThat(resumed.error()).isNull();
            assertThat(resumed.status()).isEqualTo("succeeded");
            assertThat(zoho.creditsUsed()).isLessThan(150);
            assertTotalsAndCountsEqualTheOracle(sandbox, h);
        }
    }
}
