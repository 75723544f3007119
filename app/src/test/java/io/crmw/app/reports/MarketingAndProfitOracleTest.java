package io.crmw.app.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.app.e2e.PipelineHarness;
import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.FxRates;
import io.crmw.sandbox.business.truth.MarketingTruth;
import io.crmw.sandbox.business.truth.MrrTruth;
import io.crmw.sandbox.business.truth.ProfitTruth;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Part B of issue 3's oracle: the marketing and profit reports (R3, R7, R8, R10, R11, R12) against the generator's
 * ground truth computed in plain Java ({@link MarketingTruth}, {@link ProfitTruth}); exact counts and cents.
 * Reference inputs (source map, campaign costs, cost pools) are read from the same reference folder (the sandbox's,
 * written by {@code SandboxReference}) the transform uses, so both sides share only the inputs, never the logic.
 */
class MarketingAndProfitOracleTest {

    static final Path REFERENCE = PipelineHarness.REFERENCE;
    static PipelineHarness wh;
    static Business business;
    static FxRates fx;
    static Map<String, String> sourceMap;

    @BeforeAll
    static void sync() throws Exception {
        SyncedBusiness shared = SyncedBusiness.get();
        wh = shared.warehouse();
        business = shared.sandbox().business();
        fx = FxRates.load(PipelineHarness.FX);
        assertThat(wh.rows("select status, error from meta.transform_run order by started_at desc limit 1"))
                .as("the last transform of the shared fixture").containsExactly(java.util.Arrays.asList("succeeded", null));
        sourceMap = new HashMap<>();
        for (List<String> row : csv("source_map.csv")) {
            sourceMap.put(row.get(1).trim().toUpperCase(Locale.ROOT), row.get(2).trim().toLowerCase(Locale.ROOT));
        }
    }

    @Test
    void r3DeliveredOpenedAndClickedPerEmailAndPerCampaign() throws Exception {
        MarketingTruth truth = new MarketingTruth(business);
        SortedMap<String, List<Long>> reported = new TreeMap<>();
        for (List<Object> r : wh.rows("select split_part(email_campaign_id, ':', 3), sent, delivered, opened, clicked"
                + " from reports.email_outcomes")) {
            reported.put((String) r.get(0), longs(r.subList(1, 5)));
        }
        SortedMap<String, List<Long>> expected = new TreeMap<>();
        truth.emailOutcomes().forEach((id, c) -> expected.put(id, List.of(c.sent(), c.delivered(), c.opened(), c.clicked())));
        assertThat(reported).isNotEmpty().isEqualTo(expected);

        SortedMap<String, List<Long>> perCampaign = new TreeMap<>();
        for (List<Object> r : wh.rows("select coalesce(nullif(split_part(campaign_id, ':', 3), ''), 'none'), sum(sent),"
                + " sum(delivered), sum(opened), sum(clicked) from reports.email_outcomes group by 1")) {
            perCampaign.put((String) r.get(0), longs(r.subList(1, 5)));
        }
        SortedMap<String, List<Long>> expectedPerCampaign = new TreeMap<>();
        truth.emailOutcomesPerCampaign().forEach((id, c) ->
                expectedPerCampaign.put(id, List.of(c.sent(), c.delivered(), c.opened(), c.clicked())));
        assertThat(perCampaign).hasSizeGreaterThan(3).isEqualTo(expectedPerCampaign);
    }

    @Test
    void r7LeadsAndWonRevenuePerSource() throws Exception {
        MarketingTruth truth = new MarketingTruth(business);
        SortedMap<String, Long> leads = new TreeMap<>();
        SortedMap<String, BigDecimal> won = new TreeMap<>();
        for (List<Object> r : wh.rows("select source_normalized, sum(leads), sum(won_amount_rc) from reports.lead_sources"
                + " group by 1")) {
            if (((Number) r.get(1)).longValue() > 0) {
                leads.put((String) r.get(0), ((Number) r.get(1)).longValue());
            }
            won.put((String) r.get(0), ((BigDecimal) r.get(2)).setScale(2));
        }
        assertThat(leads).hasSizeGreaterThan(3).isEqualTo(truth.leadsPerSource(sourceMap));
        SortedMap<String, BigDecimal> expectedWon = new TreeMap<>();
        truth.wonAmountPerSource(sourceMap, "USD", fx).forEach((k, v) -> expectedWon.put(k, v.setScale(2)));
        assertThat(won).isEqualTo(expectedWon);
        assertThat(wh.count("select sum(leads) from reports.lead_sources")).isEqualTo(truth.leads().count());
    }

    @Test
    void r12ComplaintsAndReturnRatePerProduct() throws Exception {
        ProfitTruth truth = new ProfitTruth(business);
        SortedMap<String, List<Long>> reported = new TreeMap<>();
        for (List<Object> r : wh.rows("select coalesce(nullif(split_part(product_id, ':', 3), ''), product_id),"
                + " sum(tickets), sum(complaint_tickets), sum(return_requests), sum(units_sold)"
                + " from reports.product_return_rate group by 1")) {
            reported.put((String) r.get(0), longs(r.subList(1, 5)));
        }
        SortedMap<String, List<Long>> expected = new TreeMap<>();
        truth.complaintsPerProduct().forEach((id, c) ->
                expected.put(id, List.of(c.tickets(), c.complaints(), c.returnRequests(), c.unitsSold())));
        assertThat(reported).hasSizeGreaterThan(5).isEqualTo(expected);
        assertThat(expected.values().stream().mapToLong(v -> v.get(2)).sum()).isPositive();
    }

    /** The transform's as-of month: today in the reporting time zone, as TransformSettings sets as_of_date. */
    static YearMonth asOfMonth() throws Exception {
        return month(wh.rows("select max(period_start) from reports.mrr_cohort_retention").get(0).get(0));
    }

    static YearMonth month(Object date) {
        return YearMonth.from(date instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) date);
    }

    @Test
    void r8MrrPerMonthAndCustomerFromRecurringLineItems() throws Exception {
        YearMonth asOf = asOfMonth();
        assertThat(asOf).isBetween(YearMonth.now(ZoneId.of("UTC")).minusMonths(1), YearMonth.now(ZoneId.of("UTC")).plusMonths(1));
        SortedMap<YearMonth, SortedMap<String, BigDecimal>> reported = new TreeMap<>();
        for (List<Object> r : wh.rows("select period_start, coalesce(nullif(split_part(account_id, ':', 3), ''), account_id),"
                + " closing_mrr_rc from reports.mrr_movements where closing_mrr_rc > 0")) {
            reported.computeIfAbsent(month(r.get(0)), k -> new TreeMap<>())
                    .put((String) r.get(1), ((BigDecimal) r.get(2)).setScale(2));
        }
        SortedMap<YearMonth, SortedMap<String, BigDecimal>> expected = new MrrTruth(business).mrrPerMonthAndCustomer("USD", fx, asOf);
        assertThat(reported).hasSizeGreaterThan(12).isEqualTo(expected);
    }

    @Test
    void r8MrrMovementsAndChurnPerMonth() throws Exception {
        YearMonth asOf = asOfMonth();
        SortedMap<YearMonth, MrrTruth.Movements> reported = new TreeMap<>();
        for (List<Object> r : wh.rows("select period_start, sum(opening_mrr_rc), sum(new_mrr_rc), sum(expansion_mrr_rc),"
                + " sum(contraction_mrr_rc), sum(churned_mrr_rc), sum(reactivated_mrr_rc), sum(closing_mrr_rc),"
                + " sum(customers_opening), sum(customers_churned) from reports.mrr_movements group by 1")) {
            BigDecimal[] m = new BigDecimal[7];
            for (int i = 0; i < 7; i++) {
                m[i] = ((BigDecimal) r.get(i + 1)).setScale(2);
            }
            reported.put(month(r.get(0)), new MrrTruth.Movements(m[0], m[1], m[2],
                    m[3], m[4], m[5], m[6], ((Number) r.get(8)).longValue(), ((Number) r.get(9)).longValue()));
        }
        SortedMap<YearMonth, MrrTruth.Movements> expected = new MrrTruth(business).movementsPerMonth("USD", fx, asOf);
        assertThat(reported).hasSizeGreaterThan(12).isEqualTo(expected);
        // every movement kind occurs in the generated business, so each is compared
        assertThat(expected.values()).anySatisfy(m -> assertThat(m.expansion()).isPositive())
                .anySatisfy(m -> assertThat(m.churned()).isPositive())
                .anySatisfy(m -> assertThat(m.newMrr()).isPositive());
        // the invariant, to the cent, on the report's own rows
        assertThat(wh.count("select count(*) from reports.mrr_movements where opening_mrr_rc + new_mrr_rc"
                + " + reactivated_mrr_rc + expansion_mrr_rc - contraction_mrr_rc - churned_mrr_rc <> closing_mrr_rc")).isZero();
    }

    @Test
    void r8GrossProfitPerCustomer() throws Exception {
        SortedMap<String, BigDecimal> reported = new TreeMap<>();
        for (List<Object> r : wh.rows("select split_part(account_id, ':', 3), sum(gross_profit_rc)"
                + " from reports.customer_profitability where gross_profit_rc is not null group by 1")) {
            reported.put((String) r.get(0), ((BigDecimal) r.get(1)).setScale(2));
        }
        SortedMap<String, BigDecimal> expected = new TreeMap<>();
        new ProfitTruth(business).grossProfitPerCustomer("USD", fx).forEach((k, v) -> expected.put(k, v.setScale(2)));
        assertThat(reported).hasSizeGreaterThan(10).isEqualTo(expected);
        // deals without line items have no cost: flagged, never profit at cost 0
        assertThat(wh.count("select count(*) from reports.customer_profitability where cost_status = 'no cost data'"
                + " and gross_profit_rc is null")).isPositive();
    }

    @Test
    void r10GrossAndNetProfitPerServiceAfterOverheadAllocation() throws Exception {
        List<ProfitTruth.CostPool> pools = csv("cost_pools.csv").stream()
                .map(r -> new ProfitTruth.CostPool(YearMonth.from(LocalDate.parse(r.get(0).trim())), r.get(1).trim(),
                        new BigDecimal(r.get(2).trim()), r.get(4).trim()))
                .toList();
        SortedMap<String, List<BigDecimal>> expected = new TreeMap<>();
        new ProfitTruth(business).offeringProfit("USD", fx, pools, ZoneId.of("Europe/Berlin")).forEach((p, o) ->
                expected.put(p, List.of(o.revenue(), o.directCost(), o.allocatedOverhead())));
        SortedMap<String, List<BigDecimal>> reported = new TreeMap<>();
        for (List<Object> r : wh.rows("select coalesce(nullif(split_part(product_id, ':', 3), ''), product_id),"
                + " sum(revenue_rc), coalesce(sum(direct_cost_rc), 0), sum(allocated_overhead_rc)"
                + " from reports.offering_profitability group by 1")) {
            reported.put((String) r.get(0), r.subList(1, 4).stream().map(v -> ((BigDecimal) v).setScale(2)).toList());
        }
        assertThat(reported).hasSizeGreaterThan(5).isEqualTo(expected);
        // net profit per service, and the allocation invariants: Σ allocated = Σ pools, Σ shares = 1 per pool
        for (List<Object> r : wh.rows("select coalesce(nullif(split_part(product_id, ':', 3), ''), product_id),"
                + " sum(net_profit_rc) from reports.offering_profitability where product_id <> 'unallocated' group by 1")) {
            List<BigDecimal> e = expected.get((String) r.get(0));
            assertThat(((BigDecimal) r.get(1)).setScale(2)).isEqualTo(e.get(0).subtract(e.get(1)).subtract(e.get(2)));
        }
        BigDecimal poolTotal = pools.stream().map(ProfitTruth.CostPool::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(((BigDecimal) wh.rows("select sum(allocated_amount_rc) from reports.cost_allocation").get(0).get(0))
                .setScale(2)).isEqualTo(poolTotal.setScale(2));
        assertThat(wh.count("select count(*) from (select period_start, cost_pool from reports.cost_allocation"
                + " group by all having abs(sum(driver_share) - 1) > 1e-9)")).isZero();
        assertThat(wh.count("select count(distinct (period_start, cost_pool)) from reports.cost_allocation"))
                .isEqualTo(pools.size());
    }

    @Test
    void r11CampaignRoi() throws Exception {
        Map<String, BigDecimal> costs = new HashMap<>();
        for (List<String> r : csv("campaign_costs.csv")) {
            costs.put(r.get(0).trim(), new BigDecimal(r.get(2).trim())); // all in USD, the reporting currency
        }
        SortedMap<String, List<Object>> expected = new TreeMap<>();
        new MarketingTruth(business).campaignPerformance(costs, "USD", fx).forEach((id, c) -> expected.put(id,
                java.util.Arrays.asList(c.leads(), c.opportunities(), c.wonDeals(), c.wonAmount().setScale(2),
                        c.cost() == null ? null : c.cost().setScale(2),
                        c.roiNumerator() == null ? null : c.roiNumerator().setScale(2))));
        SortedMap<String, List<Object>> reported = new TreeMap<>();
        for (List<Object> r : wh.rows("select coalesce(nullif(split_part(campaign_id, ':', 3), ''), campaign_id), leads,"
                + " opportunities, won_opportunities, won_amount_rc, roi_denominator, roi_numerator"
                + " from reports.campaign_performance")) {
            reported.put((String) r.get(0), java.util.Arrays.asList(((Number) r.get(1)).longValue(),
                    ((Number) r.get(2)).longValue(), ((Number) r.get(3)).longValue(), ((BigDecimal) r.get(4)).setScale(2),
                    r.get(5) == null ? null : ((BigDecimal) r.get(5)).setScale(2),
                    r.get(6) == null ? null : ((BigDecimal) r.get(6)).setScale(2)));
        }
        assertThat(reported).containsKey("none").hasSizeGreaterThan(4).isEqualTo(expected);
    }

    static List<Long> longs(List<Object> values) {
        return values.stream().map(v -> v == null ? 0L : ((Number) v).longValue()).toList();
    }

    static List<List<String>> csv(String file) throws Exception {
        return Files.readAllLines(REFERENCE.resolve(file)).stream().skip(1).filter(l -> !l.isBlank())
                .map(l -> List.of(l.split(",", -1))).toList();
    }
}
