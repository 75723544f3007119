package io.crmw.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.sandbox.Sandbox;
import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.business.Crm;
import io.crmw.sandbox.business.FxRates;
import io.crmw.sandbox.business.truth.CrmSplitTruth;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Zoho's share of a business split across four CRMs, synced through the whole pipeline. */
class ZohoEndToEndTest {
    static final Map<String, String> FAST = Map.of("retry-base-millis", "20", "retry-max-millis", "1000");

    @TempDir
    Path dir;

    @Test
    void zohoDealsReportTheirTotalsAndEveryStreamMatchesTheVendor() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withSeed(19).withSize(1).withSearchPerSecond(25)
                .withCrms(EnumSet.of(Crm.HUBSPOT, Crm.SALESFORCE, Crm.PIPEDRIVE, Crm.ZOHO)));
             PipelineHarness h = new PipelineHarness(sandbox, dir, List.of(PipelineHarness.zoho(sandbox, FAST)))) {
            var run = h.sync(PipelineHarness.ZOHO);
            assertThat(run.error()).isNull();
            assertThat(run.status()).isEqualTo("succeeded");

            CrmSplitTruth truth = new CrmSplitTruth(sandbox.business());
            FxRates fx = FxRates.load(PipelineHarness.FX);
            assertThat(truth.wonDeals(Crm.ZOHO)).isPositive();
            assertThat(PipedriveEndToEndTest.reported(h, "where source_system = 'zoho-test'"))
                    .isEqualTo(PipedriveEndToEndTest.scaled(truth.wonAmountPerMonth(Crm.ZOHO, "USD", fx)));

            String live = "select count(*) from core.%s where not is_deleted and source_system = 'zoho-test'";
            assertThat(h.count(live.formatted("deal"))).isEqualTo(truth.liveDeals(Crm.ZOHO));
            assertThat(h.count(live.formatted("account"))).isEqualTo(truth.liveCompanies(Crm.ZOHO));
            // Zoho's people are its contacts plus its leads not converted yet
            assertThat(h.count(live.formatted("contact")) + h.count(live.formatted("lead") + " and not is_converted"))
                    .isEqualTo(truth.liveContacts(Crm.ZOHO));
            assertThat(h.count(live.formatted("lead") + " and is_converted and converted_deal_id is not null")).isPositive();
            assertThat(h.count("select count(*) from core.deal where is_deleted and source_system = 'zoho-test'"))
                    .isEqualTo(truth.deletedDeals(Crm.ZOHO));
            assertThat(h.count("select count(*) from meta.stream_run where source = 'zoho-test' and status <> 'succeeded'"))
                    .isZero();
            assertThat(h.count("select count(*) from core.deal_stage_history where source_system = 'zoho-test'"))
                    .isGreaterThanOrEqualTo(truth.liveDeals(Crm.ZOHO));
            assertThat(h.count("select count(*) from core.deal_state_interval where source_system = 'zoho-test' "
                    + "and status = 'won'")).isEqualTo(truth.wonDeals(Crm.ZOHO));
        }
    }
}
