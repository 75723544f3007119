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
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A business split between HubSpot (inbound) and Salesforce (enterprise), synced into one warehouse: the
 * reports per source and combined equal the generator's ground truth, and customers present in both CRMs count once.
 */
class SalesforceEndToEndTest {
    @TempDir
    Path dir;

    private static SortedMap<YearMonth, BigDecimal> scaled(SortedMap<YearMonth, BigDecimal> in) {
        SortedMap<YearMonth, BigDecimal> out = new TreeMap<>();
        in.forEach((k, v) -> out.put(k, v.setScale(2)));
        return out;
    }

    private static SortedMap<YearMonth, BigDecimal> reported(PipelineHarness h, String where) throws Exception {
        SortedMap<YearMonth, BigDecimal> out = new TreeMap<>();
        for (List<Object> row : h.rows("select strftime(period_start, '%Y-%m'), sum(won_amount_rc) from reports.total_sales "
                + where + " group by 1")) {
            out.put(YearMonth.parse((String) row.get(0)), ((BigDecimal) row.get(1)).setScale(2));
        }
        return out;
    }

    @Test
    void bothCrmsReportTheirOwnDealsAndSharedCustomersCountOnce() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withSeed(17).withSize(1).withSearchPerSecond(25)
                .withSalesforce(true));
             PipelineHarness h = new PipelineHarness(sandbox, dir, List.of(
                     PipelineHarness.hubspot(sandbox, PipelineHarness.FAST_RETRIES),
                     // objects above 150 rows take the Bulk API 2.0 path on this first load
                     PipelineHarness.salesforce(sandbox, Map.of("retry-base-millis", "20", "retry-max-millis", "200",
                             "bulk-threshold", "150"))))) {
            var hubspot = h.sync(PipelineHarness.SOURCE);
            assertThat(hubspot.error()).isNull();
            var salesforce = h.sync(PipelineHarness.SALESFORCE);
            assertThat(salesforce.error()).isNull();
            assertThat(salesforce.status()).isEqualTo("succeeded");

            CrmSplitTruth truth = new CrmSplitTruth(sandbox.business());
            FxRates fx = FxRates.load(PipelineHarness.FX);
            assertThat(truth.wonDeals(Crm.SALESFORCE)).isPositive();
            assertThat(truth.wonDeals(Crm.HUBSPOT)).isPositive();
            assertThat(reported(h, "where source_system = 'salesforce-test'"))
                    .isEqualTo(scaled(truth.wonAmountPerMonth(Crm.SALESFORCE, "USD", fx)));
            assertThat(reported(h, "where source_system = 'hubspot-test'"))
                    .isEqualTo(scaled(truth.wonAmountPerMonth(Crm.HUBSPOT, "USD", fx)));
            assertThat(reported(h, "")).isEqualTo(scaled(truth.wonAmountPerMonthCombined("USD", fx)));

            assertThat(h.count("select count(*) from core.deal where not is_deleted and source_system = 'salesforce-test'"))
                    .isEqualTo(truth.liveDeals(Crm.SALESFORCE));
            assertThat(h.count("select count(*) from core.deal where not is_deleted and source_system = 'hubspot-test'"))
                    .isEqualTo(truth.liveDeals(Crm.HUBSPOT));

            // customers held in both CRMs are one customer after identity resolution by domain
            assertThat(truth.customersInBothCrms()).isPositive();
            assertThat(h.count("""
                    select count(distinct i.canonical_account_id)
                    from core.deal_enriched d
                    join core.account_identity i on i.account_id = d.account_id
                    where d.status = 'won'"""))
                    .isEqualTo(truth.distinctCustomers());
            assertThat(h.count("select count(distinct canonical_account_id) from core.account_identity"))
                    .isEqualTo(truth.distinctCompanies());

            assertThat(sandbox.salesforce().requestsStartingWith("/services/data/v62.0/jobs/query")).isPositive();

            // every Salesforce stream reconciled with the org's own COUNT()
            assertThat(h.count("select count(*) from meta.stream_run where source = 'salesforce-test' and vendor_count <> warehouse_count")).isZero();
            assertThat(h.count("select count(*) from meta.stream_run where source = 'salesforce-test' and vendor_count is not null")).isGreaterThanOrEqualTo(10);
        }
    }
}
