package io.crmw.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.sandbox.Sandbox;
import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.business.Crm;
import io.crmw.sandbox.business.FxRates;
import io.crmw.sandbox.business.truth.CrmSplitTruth;
import io.crmw.sandbox.faults.Fault;
import io.crmw.sandbox.faults.FaultPlan;
import io.crmw.sandbox.zendesk.ZendeskSupportSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zendesk under faults and limits: 5xx, dropped connections, a malformed page and 429 bursts with Retry-After are
 * retried, the OAuth refresh token Support rotates on every refresh survives a restart, and the exports' own limit
 * stops a run resumably until its minute has passed.
 */
class ZendeskFaultTest {

    @TempDir
    Path dir;

    private static void assertCountsEqualTheOracle(Sandbox sandbox, PipelineHarness h, boolean sell) throws Exception {
        CrmSplitTruth truth = new CrmSplitTruth(sandbox.business());
        assertThat(h.count("select count(*) from core.ticket " + ZendeskEndToEndTest.SUPPORT + " and not is_deleted"))
                .isEqualTo(truth.supportTickets());
        assertThat(h.count("select count(*) from core.account " + ZendeskEndToEndTest.SUPPORT))
                .isEqualTo(truth.supportOrganizations());
        if (sell) {
            assertThat(PipedriveEndToEndTest.reported(h, ZendeskEndToEndTest.SELL)).isNotEmpty().isEqualTo(
                    PipedriveEndToEndTest.scaled(truth.wonAmountPerMonth(Crm.ZENDESK_SELL, "USD",
                            FxRates.load(PipelineHarness.FX))));
        }
    }

    @Test
    void serverErrorsDroppedConnectionsAMalformedPageAndBurstsAreRetriedAndTheRotatedRefreshTokenSurvivesARestart()
            throws Exception {
        FaultPlan faults = FaultPlan.none().onlyPathsContaining("/v")
                .withServerErrorEvery(5, 503)
                .withConnectionResetEvery(7)
                .withMalformedBodyOnRequest(3)
                .withRateLimitBursts(37, 1, 1);
        List<io.crmw.connectors.spi.SourceConfig> sources;
        try (Sandbox sandbox = ZendeskEndToEndTest.zendesk(SandboxOptions.defaults().withSeed(37).withoutRateLimits()
                .withFaults(faults))) {
            ZendeskSupportSimulator zd = sandbox.zendeskSupport();
            String configured = zd.otherAuthSettings().get("refresh-token");
            sources = List.of(PipelineHarness.zendesk(sandbox, ZendeskEndToEndTest.FAST, true),
                    PipelineHarness.zendeskSell(sandbox, ZendeskEndToEndTest.FAST));
            try (PipelineHarness h = new PipelineHarness(sandbox, dir, sources, ZoneId.of("UTC"))) {
                for (String source : List.of(PipelineHarness.ZENDESK, PipelineHarness.ZENDESK_SELL)) {
                    var run = h.sync(source);
                    assertThat(run.error()).as(source).isNull();
                    assertThat(run.status()).as(source).isEqualTo("succeeded");
                }
                assertCountsEqualTheOracle(sandbox, h, true);
                long throttled = h.count("select sum(throttled) from meta.stream_run");
                assertThat(throttled).isPositive();
                assertThat(h.count("select sum(retries) from meta.stream_run")).isGreaterThanOrEqualTo(throttled + 3);
                assertThat(zd.injectedFaults()).containsKeys(Fault.Kind.SERVER_ERROR, Fault.Kind.CONNECTION_RESET,
                        Fault.Kind.MALFORMED_BODY);
                assertThat(sandbox.zendeskSell().injectedFaults()).containsKeys(Fault.Kind.RATE_LIMIT);
            }
            String rotated = zd.otherAuthSettings().get("refresh-token");
            assertThat(rotated).isNotEqualTo(configured); // Zendesk refuses the configured token from now on

            // a restart: the config still names the first refresh token; the run uses the one kept in the state database
            zd.expireAccessTokens();
            zd.advanceClock(Duration.ofSeconds(61));
            try (PipelineHarness restarted = new PipelineHarness(sandbox, dir, sources, ZoneId.of("UTC"))) {
                var run = restarted.sync(PipelineHarness.ZENDESK);
                assertThat(run.error()).isNull();
                assertThat(run.status()).isEqualTo("succeeded");
                assertThat(zd.otherAuthSettings().get("refresh-token")).isNotEqualTo(rotated);
                assertCountsEqualTheOracle(sandbox, restarted, false);
            }
        }
    }

    @Test
    void theExportLimitsTooManyRequestsStopsTheRunResumablyAndTheRunAfterTheMinuteFinishesIt() throws Exception {
        // three export requests a minute, which is what one run needs (tickets, users, organizations)
        try (Sandbox sandbox = ZendeskEndToEndTest.zendesk(SandboxOptions.defaults().withSeed(41)
                .withZendeskSupport(ZendeskSupportSimulator.Settings.defaults().withLimits(700, 3)));
             PipelineHarness h = new PipelineHarness(sandbox, dir, List.of(exportsOnly(PipelineHarness.zendesk(sandbox,
                     ZendeskEndToEndTest.FAST, false))), ZoneId.of("UTC"))) {
            ZendeskSupportSimulator zd = sandbox.zendeskSupport();
            assertThat(h.sync(PipelineHarness.ZENDESK).status()).isEqualTo("succeeded");
            zd.solveTicket(ZendeskSupportSimulator.ticketId(sandbox.business().tickets().stream()
                    .filter(t -> t.closedAt() == null).findFirst().orElseThrow().id()));

            var limited = h.sync(PipelineHarness.ZENDESK); // the same minute: 429 with Retry-After, longer than allowed
            assertThat(limited.status()).isEqualTo("stopped");
            assertThat(limited.error()).contains("Retry-After").contains("resumes from the stored cursor");
            h.assertStoppedBy("Retry-After");

            zd.advanceClock(Duration.ofSeconds(61)); // the minute has passed (and the solved ticket is exported)
            var resumed = h.sync(PipelineHarness.ZENDESK);
            assertThat(resumed.error()).isNull();
            assertThat(resumed.status()).isEqualTo("succeeded");
            assertThat(h.rows("select records from meta.stream_run where run_id = (select arg_max(run_id, started_at) from "
                    + "meta.sync_run) and stream = 'tickets'")).containsExactly(List.of(1L));
            assertCountsEqualTheOracle(sandbox, h, false);
            CrmSplitTruth truth = new CrmSplitTruth(sandbox.business());
            assertThat(h.count("select count(*) from core.ticket where status in ('solved', 'closed')")).isEqualTo(
                    truth.satisfactionRatings("good") + truth.satisfactionRatings("bad")
                            + truth.satisfactionRatings("offered"));
        }
    }

    /** The source reading the three exports only. */
    private static io.crmw.connectors.spi.SourceConfig exportsOnly(io.crmw.connectors.spi.SourceConfig s) {
        return new io.crmw.connectors.spi.SourceConfig(s.name(), s.type(), s.baseUrl(), s.settings(), s.secrets(),
                List.of("users", "organizations", "tickets"), s.rateLimit());
    }
}
