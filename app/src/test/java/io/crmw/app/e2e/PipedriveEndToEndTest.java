package io.crmw.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.sandbox.Sandbox;
import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.business.Crm;
import io.crmw.sandbox.business.FxRates;
import io.crmw.sandbox.business.truth.CrmSplitTruth;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pipedrive's share of a business split across three CRMs, synced through the whole pipeline. */
class PipedriveEndToEndTest {
    static final Map<String, String> FAST = Map.of("retry-base-millis", "20", "retry-max-millis", "1000");

    @TempDir
    Path dir;

    static Sandbox threeCrms(long seed) {
        return Sandbox.start(SandboxOptions.defaults().withSeed(seed).withSize(1).withSearchPerSecond(25)
                .withCrms(EnumSet.of(Crm.HUBSPOT, Crm.SALESFORCE, Crm.PIPEDRIVE)));
    }

    static SortedMap<YearMonth, BigDecimal> reported(PipelineHarness h, String where) throws Exception {
        SortedMap<YearMonth, BigDecimal> out = new TreeMap<>();
        for (List<Object> row : h.rows("select strftime(period_start, '%Y-%m'), sum(won_amount_rc) from reports.total_sales "
                + where + " group by 1")) {
            out.put(YearMonth.parse((String) row.get(0)), ((BigDecimal) row.get(1)).setScale(2));
        }
        return out;
    }

    static SortedMap<YearMonth, BigDecimal> scaled(SortedMap<YearMonth, BigDecimal> in) {
        SortedMap<YearMonth, BigDecimal> out = new TreeMap<>();
        in.forEach((k, v) -> out.put(k, v.setScale(2)));
        return out;
    }

    @Test
    void pipedriveDealsReportTheirTotalsAndEveryStreamMatchesTheVendor() throws Exception {
        try (Sandbox sandbox = threeCrms(19);
             PipelineHarness h = new PipelineHarness(sandbox, dir, List.of(PipelineHarness.pipedrive(sandbox, FAST)))) {
            var run = h.sync(PipelineHarness.PIPEDRIVE);
            assertThat(run.error()).isNull();
            assertThat(run.status()).isEqualTo("succeeded");

            CrmSplitTruth truth = new CrmSplitTruth(sandbox.business());
            FxRates fx = FxRates.load(PipelineHarness.FX);
            assertThat(truth.wonDeals(Crm.PIPEDRIVE)).isPositive();
            assertThat(reported(h, "where source_system = 'pipedrive-test'"))
                    .isEqualTo(scaled(truth.wonAmountPerMonth(Crm.PIPEDRIVE, "USD", fx)));

            String live = "select count(*) from core.%s where not is_deleted and source_system = 'pipedrive-test'";
            assertThat(h.count(live.formatted("deal"))).isEqualTo(truth.liveDeals(Crm.PIPEDRIVE));
            assertThat(h.count(live.formatted("account"))).isEqualTo(truth.liveCompanies(Crm.PIPEDRIVE));
            assertThat(h.count(live.formatted("contact"))).isEqualTo(truth.liveContacts(Crm.PIPEDRIVE));
            assertThat(h.count(live.formatted("line_item"))).isEqualTo(truth.lineItems(Crm.PIPEDRIVE));
            // deleted deals arrive from the deleted listing and are flagged, archived deals are live business
            assertThat(h.count("select count(*) from core.deal where is_deleted and source_system = 'pipedrive-test'"))
                    .isEqualTo(truth.deletedDeals(Crm.PIPEDRIVE, io.crmw.sandbox.pipedrive.PipedriveSimulator.deletedVisibleSince()));
            assertThat(h.count("select count(*) from meta.stream_run where source = 'pipedrive-test' and status <> 'succeeded'"))
                    .isZero();
            // the funnel and pipeline movement have Pipedrive's stage history
            assertThat(h.count("select count(*) from core.deal_stage_history where source_system = 'pipedrive-test'"))
                    .isGreaterThanOrEqualTo(truth.liveDeals(Crm.PIPEDRIVE));
            // Pipedrive wins deals without a won stage: the snapshot closes them and the funnel has a Won step
            assertThat(h.count("""
                    select count(distinct deal_id) from core.deal_state_interval
                    where source_system = 'pipedrive-test' and status = 'won'"""))
                    .isEqualTo(h.count("select count(*) from core.deal where status = 'won' and not is_deleted "
                            + "and source_system = 'pipedrive-test'"))
                    .isEqualTo(truth.wonDeals(Crm.PIPEDRIVE));
            assertThat(h.count("select coalesce(sum(reached_cnt), 0) from reports.sales_funnel where source_system = "
                    + "'pipedrive-test' and is_won_stage")).isEqualTo(truth.wonDeals(Crm.PIPEDRIVE));
        }
    }
}
