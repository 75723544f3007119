package io.crmw.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.sandbox.Sandbox;
import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.business.Crm;
import io.crmw.sandbox.business.Deal;
import io.crmw.sandbox.business.FxRates;
import io.crmw.sandbox.business.truth.CrmSplitTruth;
import io.crmw.sandbox.salesforce.SalesforceSimulator;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Salesforce incremental reads, soft and hard deletes, and the daily API limit (stop early, resume, nothing lost). */
class SalesforceSyncTest {
    private static final Map<String, String> FAST = Map.of("retry-base-millis", "20", "retry-max-millis", "200");

    @TempDir
    Path dir;

    private static Sandbox sandbox(long seed) {
        return Sandbox.start(SandboxOptions.defaults().withSeed(seed).withSize(1).withSearchPerSecond(25).withSalesforce(true));
    }

    private static PipelineHarness harness(Sandbox sandbox, Path dir) {
        return new PipelineHarness(sandbox, dir, List.of(PipelineHarness.salesforce(sandbox, FAST)));
    }

    private static long liveOpportunities(PipelineHarness h) throws Exception {
        return h.count("select count(*) from core.deal where not is_deleted and source_system = 'salesforce-test'");
    }

    @Test
    void secondSyncReadsOnlyChangesAndCarriesSoftAndHardDeletes() throws Exception {
        try (Sandbox sandbox = sandbox(23); PipelineHarness h = harness(sandbox, dir)) {
            assertThat(h.sync(PipelineHarness.SALESFORCE).error()).isNull();
            var business = sandbox.business();
            CrmSplitTruth truth = new CrmSplitTruth(business);
            List<Deal> held = business.deals().stream().filter(d -> !d.archived() && business.holder(d) == Crm.SALESFORCE)
                    .sorted(Comparator.comparing(Deal::id)).toList();
            assertThat(held.size()).isGreaterThan(4);
            String changed = SalesforceSimulator.idOf("Opportunity", held.get(0).id());
            String softDeleted = SalesforceSimulator.idOf("Opportunity", held.get(1).id());
            String hardDeleted = SalesforceSimulator.idOf("Opportunity", held.get(2).id());
            String account = SalesforceSimulator.idOf("Account", held.get(0).companyId());

            SalesforceSimulator sf = sandbox.salesforce();
            sf.changeOpportunityAmount(changed, new BigDecimal("77777.77"));
            String added = sf.addOpportunity(account, "Added in test", new BigDecimal("1234.50"), "USD", LocalDate.of(2026, 12, 31));
            sf.delete(softDeleted);
            sf.hardDelete(hardDeleted);
            sf.resetRequestLog();

            var second = h.sync(PipelineHarness.SALESFORCE);
            assertThat(second.error()).isNull();
            assertThat(second.status()).isEqualTo("succeeded");

            assertThat(h.rows("select amount from core.deal where source_id = '" + changed + "'"))
                    .containsExactly(List.of(new BigDecimal("77777.77")));
            assertThat(h.rows("select amount, status from core.deal where source_id = '" + added + "'"))
                    .containsExactly(List.of(new BigDecimal("1234.50"), "open"));
            assertThat(h.rows("select is_deleted from core.deal where source_id = '" + softDeleted + "'")).containsExactly(List.of(true));
            // the hard delete left no trace in Salesforce: the count check caught it and the re-read tombstoned it
            assertThat(h.rows("select is_deleted from core.deal where source_id = '" + hardDeleted + "'")).containsExactly(List.of(true));
            assertThat(liveOpportunities(h)).isEqualTo(truth.liveDeals(Crm.SALESFORCE));
            assertThat(h.count("select tombstones from meta.stream_run where stream = 'opportunities' order by started_at desc limit 1"))
                    .isGreaterThanOrEqualTo(2);
            // found by listing ids only: the second run read the changed records, never the whole stream again
            assertThat(h.count("select records from meta.stream_run where stream = 'opportunities' order by started_at desc limit 1"))
                    .isLessThanOrEqualTo(6).isLessThan(held.size());
            assertThat(h.count("select records from meta.stream_run where stream = 'opportunity_history' order by started_at desc limit 1"))
                    .isLessThan(held.size());
            // streams nobody touched read nothing but the overlap window
            assertThat(h.count("select records from meta.stream_run where stream = 'cases' order by started_at desc limit 1")).isLessThan(5);
            assertThat(h.count("select count(*) from meta.stream_run where source = 'salesforce-test' and status <> 'succeeded'")).isZero();
        }
    }

    @Test
    void serverErrorsDroppedConnectionsAndAMalformedPageAreRetriedAndTheTotalsAreRight() throws Exception {
        var faults = io.crmw.sandbox.faults.FaultPlan.none()
                .withServerErrorEvery(7, 503)
                .withConnectionResetEvery(17)
                .withMalformedBodyOnRequest(12);
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withSeed(37).withSize(1).withSearchPerSecond(25)
                .withSalesforce(true).withFaults(faults)); PipelineHarness h = harness(sandbox, dir)) {
            var result = h.sync(PipelineHarness.SALESFORCE);
            assertThat(result.error()).isNull();
            assertThat(h.count("select sum(retries) from meta.stream_run where source = 'salesforce-test'")).isGreaterThanOrEqualTo(3);
            CrmSplitTruth truth = new CrmSplitTruth(sandbox.business());
            assertThat(liveOpportunities(h)).isEqualTo(truth.liveDeals(Crm.SALESFORCE));
            assertThat(h.count("select count(*) from meta.stream_run where vendor_count <> warehouse_count")).isZero();
        }
    }

    @Test
    void theDailyLimitStopsTheRunEarlyAndTheNextRunResumesWithNothingLost() throws Exception {
        try (Sandbox sandbox = sandbox(29); PipelineHarness h = harness(sandbox, dir)) {
            SalesforceSimulator sf = sandbox.salesforce();
            sf.dailyLimit(12); // a run needs about 20 calls (a describes composite, one composite per stream)
            var stopped = h.sync(PipelineHarness.SALESFORCE);
            assertThat(stopped.status()).isIn("stopped", "failed");
            assertThat(stopped.error()).contains("salesforce-test").contains("REQUEST_LIMIT_EXCEEDED");
            assertThat(h.count("select count(*) from meta.stream_run where source = 'salesforce-test' and status = 'stopped'")).isPositive();
            assertThat(h.rows("select status from meta.sync_run").get(0).get(0)).isIn("stopped", "failed");

            sf.resetApiUsage();
            sf.dailyLimit(SalesforceSimulator.DEFAULT_DAILY_LIMIT);
            var resumed = h.sync(PipelineHarness.SALESFORCE);
            assertThat(resumed.error()).isNull();
            CrmSplitTruth truth = new CrmSplitTruth(sandbox.business());
            assertThat(liveOpportunities(h)).isEqualTo(truth.liveDeals(Crm.SALESFORCE));
            assertThat(h.count("select count(*) - count(distinct source_id) from core.deal")).isZero();
            var reported = new java.util.TreeMap<java.time.YearMonth, BigDecimal>();
            for (List<Object> row : h.rows("select strftime(period_start, '%Y-%m'), sum(won_amount_rc) from reports.total_sales group by 1")) {
                reported.put(java.time.YearMonth.parse((String) row.get(0)), ((BigDecimal) row.get(1)).setScale(2));
            }
            var expected = new java.util.TreeMap<java.time.YearMonth, BigDecimal>();
            truth.wonAmountPerMonth(Crm.SALESFORCE, "USD", FxRates.load(PipelineHarness.FX)).forEach((k, v) -> expected.put(k, v.setScale(2)));
            assertThat(reported).isEqualTo(expected);
        }
    }
}
