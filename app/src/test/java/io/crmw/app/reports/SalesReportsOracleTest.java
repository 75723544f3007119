package io.crmw.app.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.app.e2e.PipelineHarness;
import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.BusinessGenerator;
import io.crmw.sandbox.business.FxRates;
import io.crmw.sandbox.business.truth.SalesTruth;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Part A of issue 3's oracle: the sales reports (R1, R2, R4, R5, R6, R9, lead status, sales per customer and the
 * daily/weekly/monthly reports) against {@link SalesTruth}, computed in plain Java from the generator's objects; exact cents and counts.
 */
class SalesReportsOracleTest {

    static final ZoneId ZONE = ZoneId.of("Europe/Berlin"); // PipelineHarness's reporting zone
    static final String OWNER = PipelineHarness.SOURCE + ":owner:";
    static PipelineHarness wh;
    static Business business;
    static SalesTruth truth;

    @BeforeAll
    static void sync() throws Exception {
        SyncedBusiness shared = SyncedBusiness.get();
        wh = shared.warehouse();
        business = shared.sandbox().business();
        truth = new SalesTruth(business, "USD", FxRates.load(PipelineHarness.FX), ZONE);
        List<Object> transform = wh.rows("select status, error from meta.transform_run order by started_at desc limit 1").get(0);
        assertThat(transform.get(0)).as("last transform: %s", transform.get(1)).isEqualTo("succeeded");
    }

    @Test
    void r5AndR1WonAmountPerMonthAndPerOwner() throws Exception {
        Map<String, SortedMap<YearMonth, BigDecimal>> expected = truth.wonAmountPerOwnerAndMonth();
        assertThat(perOwnerMonth("select owner_id, period_start, sum(won_amount_rc) from reports.total_sales group by all"))
                .isNotEmpty().isEqualTo(expected);
        assertThat(perOwnerMonth("select owner_id, period_start, sum(closed_amount_rc) from reports.sales_forecast"
                + " where period_grain = 'month' and won_deals > 0 group by all")).isEqualTo(expected);
        assertThat(perMonth("select period_start, sum(value) from reports.sales_trend where series = 'won_amount'"
                + " and value <> 0 group by 1")).isEqualTo(truth.wonAmountPerMonth());
    }

    @Test
    void r2FunnelReachedPerStageForACreationMonthCohort() throws Exception {
        YearMonth cohort = YearMonth.of(2026, 3);
        for (String pipeline : List.of(BusinessGenerator.DEFAULT_PIPELINE, BusinessGenerator.ENTERPRISE_PIPELINE)) {
            String sql = "select split_part(stage_id, ':', 3), sum(%s) from reports.sales_funnel"
                    + " where cohort_period_start = date '" + cohort.atDay(1) + "' and pipeline_id = '"
                    + PipelineHarness.SOURCE + ":pipeline:" + pipeline + "' group by 1 order by min(stage_position)";
            Map<String, Long> reached = new LinkedHashMap<>();
            for (List<Object> r : wh.rows(sql.formatted("reached_cnt"))) {
                reached.put((String) r.get(0), ((Number) r.get(1)).longValue());
            }
            Map<String, Long> strict = new LinkedHashMap<>();
            for (List<Object> r : wh.rows(sql.formatted("strict_reached_cnt"))) {
                strict.put((String) r.get(0), ((Number) r.get(1)).longValue());
            }
            Map<String, Long> expected = truth.funnelReached(cohort, pipeline);
            assertThat(expected.values().iterator().next()).as("cohort size of " + pipeline).isPositive();
            assertThat(reached).as("reached or beyond, " + pipeline).containsExactlyEntriesOf(expected);
            assertThat(strict).as("strictly reached, " + pipeline)
                    .containsExactlyEntriesOf(truth.funnelStrictlyReached(cohort, pipeline));
        }
    }

    @Test
    void r4WeightedPipelineAsOfToday() throws Exception {
        List<Object> row = wh.rows("select any_value(as_of_date), sum(deal_cnt), sum(amount_rc), sum(weighted_amount_rc)"
                + " from reports.pipeline_snapshot").get(0);
        LocalDate asOf = date(row.get(0));
        assertThat(asOf).isBetween(LocalDate.now(ZONE).minusDays(1), LocalDate.now(ZONE));
        SalesTruth.OpenPipeline expected = truth.openPipeline(asOf);
        assertThat(((Number) row.get(1)).longValue()).isEqualTo(expected.deals()).isPositive();
        assertThat(row.get(2)).isEqualTo(expected.amount());
        assertThat(row.get(3)).isEqualTo(expected.weighted());
        List<Object> forecast = wh.rows("select sum(weighted_open_rc), sum(open_in_period_rc + past_due_open_rc"
                + " + unscheduled_open_rc) from reports.sales_forecast where period_grain = 'quarter'").get(0);
        assertThat(forecast.get(1)).isEqualTo(expected.amount());
        assertThat((BigDecimal) forecast.get(0)).isLessThanOrEqualTo(expected.weighted());
    }

    @Test
    void r6GoalAttainmentPerOwnerPerMonth() throws Exception {
        Map<String, SortedMap<YearMonth, List<BigDecimal>>> reported = new TreeMap<>();
        for (List<Object> r : wh.rows("select owner_id, period_start, target_rc, actual_to_date, attainment"
                + " from reports.sales_goals where metric = 'revenue' and assignee_type = 'owner'")) {
            reported.computeIfAbsent(owner(r.get(0)), k -> new TreeMap<>()).put(month(r.get(1)),
                    List.of((BigDecimal) r.get(2), (BigDecimal) r.get(3), (BigDecimal) r.get(4)));
        }
        Map<String, SortedMap<YearMonth, List<BigDecimal>>> expected = new TreeMap<>();
        truth.goalAttainment().forEach((o, months) -> months.forEach((m, g) -> expected
                .computeIfAbsent(o, k -> new TreeMap<>())
                .put(m, List.of(g.target(), g.actual(), g.attainment()))));
        assertThat(reported).isNotEmpty().isEqualTo(expected);
    }

    @Test
    void r9LeadToCustomerConversionPerCreationMonth() throws Exception {
        SortedMap<YearMonth, SalesTruth.LeadCohort> reported = new TreeMap<>();
        for (List<Object> r : wh.rows("select period_start, sum(leads_created), sum(leads_converted), sum(leads_to_customer)"
                + " from reports.sales_conversion group by 1 having sum(leads_created) > 0")) {
            reported.put(month(r.get(0)), new SalesTruth.LeadCohort(num(r.get(1)), num(r.get(2)), num(r.get(3))));
        }
        assertThat(reported).isNotEmpty().isEqualTo(truth.leadCohorts());
    }

    @Test
    void monthlyNewCustomersOrdersRevenueAndAverageOrderValue() throws Exception {
        SortedMap<YearMonth, SalesTruth.MonthlySummary> reported = new TreeMap<>();
        SortedMap<YearMonth, BigDecimal> aov = new TreeMap<>();
        for (List<Object> r : wh.rows("select period_start, sum(orders), sum(revenue_rc), sum(new_customers),"
                + " round(sum(aov_num_rc) / sum(aov_den), 2) from reports.monthly_summary group by 1")) {
            reported.put(month(r.get(0)), new SalesTruth.MonthlySummary(num(r.get(1)), (BigDecimal) r.get(2), num(r.get(3))));
            aov.put(month(r.get(0)), new BigDecimal(r.get(4).toString()).setScale(2));
        }
        SortedMap<YearMonth, SalesTruth.MonthlySummary> expected = truth.monthlySummary();
        assertThat(reported).isNotEmpty().isEqualTo(expected);
        SortedMap<YearMonth, BigDecimal> expectedAov = new TreeMap<>();
        expected.forEach((m, s) -> expectedAov.put(m, s.averageOrderValue()));
        assertThat(aov).isEqualTo(expectedAov);
    }

    @Test
    void dailyActivitiesAndWeeklyLostDeals() throws Exception {
        SortedMap<LocalDate, Long> daily = new TreeMap<>();
        for (List<Object> r : wh.rows("select period_start, sum(activities) from reports.daily_activity group by 1"
                + " having sum(activities) > 0")) {
            daily.put(date(r.get(0)), num(r.get(1)));
        }
        assertThat(daily).isNotEmpty().isEqualTo(truth.activitiesPerDay());
        assertThat(wh.count("select count(distinct period_start) from reports.daily_activity"))
                .as("a row for every day, zeros included")
                .isEqualTo(wh.count("select count(*) from core.calendar where date_day <= (select max(period_start) from reports.daily_activity)"));

        SortedMap<LocalDate, Long> weekly = new TreeMap<>();
        for (List<Object> r : wh.rows("select period_start, sum(deals_lost) from reports.weekly_progress group by 1"
                + " having sum(deals_lost) > 0")) {
            weekly.put(date(r.get(0)), num(r.get(1)));
        }
        assertThat(weekly).isNotEmpty().isEqualTo(truth.dealsLostPerWeek());
    }

    @Test
    void leadStatusCountsLeadsPerCreationMonthAndStatusAndTheShareThatConverts() throws Exception {
        SortedMap<YearMonth, SortedMap<String, Long>> reported = new TreeMap<>();
        for (List<Object> r : wh.rows("select period_start, lead_status, sum(leads) from reports.lead_status"
                + " group by all having sum(leads) > 0")) {
            reported.computeIfAbsent(month(r.get(0)), k -> new TreeMap<>()).put((String) r.get(1), num(r.get(2)));
        }
        SortedMap<YearMonth, SortedMap<String, Long>> expected = truth.leadsPerMonthAndStatus();
        assertThat(reported).isNotEmpty().isEqualTo(expected);
        assertThat(expected.values().stream().flatMap(m -> m.keySet().stream()).distinct())
                .as("the generator's statuses reach the report").contains("new", "working", "qualified", "unqualified",
                        "nurturing", "converted");
        // HubSpot gives no lead status history here: one flow per lead, from created to its current status
        assertThat(wh.rows("select distinct status_history, from_status from reports.lead_status"))
                .containsExactly(List.of("current_status", "created"));
        SortedMap<YearMonth, SalesTruth.LeadCohort> cohorts = truth.leadCohorts();
        for (List<Object> r : wh.rows("select period_start, sum(leads_converted), sum(leads) from reports.lead_status"
                + " group by 1 having sum(leads) > 0")) {
            SalesTruth.LeadCohort cohort = cohorts.get(month(r.get(0)));
            assertThat(List.of(num(r.get(1)), num(r.get(2)))).as("converted / leads of %s", r.get(0))
                    .containsExactly(cohort.converted(), cohort.created());
        }
    }

    @Test
    void salesPerCustomerRepeatBuyersAndTimeBetweenPurchasesPerMonthAndYear() throws Exception {
        for (String grain : List.of("month", "year")) {
            SortedMap<LocalDate, SalesTruth.CustomerPeriod> reported = new TreeMap<>();
            for (List<Object> r : wh.rows("select period_start, sum(customers), sum(new_customers), sum(repeat_customers),"
                    + " sum(purchase_gap_days), sum(purchase_gaps) from reports.sales_per_customer where period_grain = '"
                    + grain + "' group by 1 having sum(customers) > 0")) {
                reported.put(date(r.get(0)), new SalesTruth.CustomerPeriod(num(r.get(1)), num(r.get(2)), num(r.get(3)),
                        num(r.get(4)), num(r.get(5))));
            }
            SortedMap<LocalDate, SalesTruth.CustomerPeriod> expected = truth.customerPurchases(grain.equals("year"));
            assertThat(reported).as(grain).isNotEmpty().isEqualTo(expected);
            assertThat(expected.values()).as("repeat buyers and gaps in the generated business, per " + grain)
                    .anySatisfy(p -> assertThat(p.repeatCustomers()).isPositive())
                    .anySatisfy(p -> assertThat(p.gaps()).isPositive());
        }
        assertThat(perMonth("select period_start, sum(won_amount_rc) from reports.sales_per_customer"
                + " where period_grain = 'month' group by 1")).isEqualTo(truth.wonAmountPerMonth());
    }

    // ---- helpers ----

    private static Map<String, SortedMap<YearMonth, BigDecimal>> perOwnerMonth(String sql) throws Exception {
        Map<String, SortedMap<YearMonth, BigDecimal>> out = new TreeMap<>();
        for (List<Object> r : wh.rows(sql)) {
            out.computeIfAbsent(owner(r.get(0)), k -> new TreeMap<>()).put(month(r.get(1)), ((BigDecimal) r.get(2)).setScale(2));
        }
        return out;
    }

    private static SortedMap<YearMonth, BigDecimal> perMonth(String sql) throws Exception {
        SortedMap<YearMonth, BigDecimal> out = new TreeMap<>();
        for (List<Object> r : wh.rows(sql)) {
            out.put(month(r.get(0)), ((BigDecimal) r.get(1)).setScale(2));
        }
        return out;
    }

    private static String owner(Object coreOwnerId) {
        String id = (String) coreOwnerId;
        return id.startsWith(OWNER) ? id.substring(OWNER.length()) : id;
    }

    private static YearMonth month(Object value) {
        return YearMonth.from(date(value));
    }

    private static LocalDate date(Object value) {
        return value instanceof Date d ? d.toLocalDate() : (LocalDate) value;
    }

    private static long num(Object n) {
        return ((Number) n).longValue();
    }
}
