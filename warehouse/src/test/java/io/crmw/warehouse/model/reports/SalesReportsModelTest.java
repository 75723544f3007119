package io.crmw.warehouse.model.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmw.warehouse.Sql;
import io.crmw.warehouse.Warehouse;
import io.crmw.warehouse.model.ModelBuildException;
import io.crmw.warehouse.model.ModelRunner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The part-A sales models (calendar, identity, snapshot, R1, R2, R4, R5 extension, R6, R9 and the cadence reports)
 * over the small hand-made core dataset of {@link SalesCore}: headline values, and every data test they declare
 * shown to catch a deliberately broken row. Reporting currency USD, zone New York, as of 2024-03-15. Built once for the class.
 */
class SalesReportsModelTest {

    static final Map<String, String> VARS = new LinkedHashMap<>();
    static final Pattern TEST = Pattern.compile("^--\\s*test\\s+([A-Za-z0-9_]+)\\s*:\\s*(.+)$");
    static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    /** model (or tests/<name>) → test name → a statement that breaks exactly that invariant. */
    static final Map<String, Map<String, String>> BREAKS = new LinkedHashMap<>();

    static {
        breaks("core.calendar",
                "spine_has_no_gaps", "delete from core.calendar where date_day = date '2024-02-01'",
                "covers_as_of_date", "delete from core.calendar where date_day = date '2024-03-15'");
        breaks("core.account_identity",
                "one_primary_per_customer", "update core.account_identity set is_primary_record = true",
                "canonical_maps_to_itself", "update core.account_identity set canonical_account_id = 'x' where account_id = 'a1'");
        breaks("core.contact_identity",
                "one_primary_per_person", "update core.contact_identity set is_primary_record = true",
                "canonical_maps_to_itself", "update core.contact_identity set canonical_contact_id = 'x' where contact_id = 'c1'");
        breaks("core.deal_enriched",
                "fx_rate_source_is_known", "update core.deal_enriched set fx_rate_source = null where deal_id = 'd1'",
                "fx_missing_is_flagged", "update core.deal_enriched set amount_rc = null, fx_missing = false where deal_id = 'd4'",
                "status_is_known", "update core.deal_enriched set status = 'maybe' where deal_id = 'd4'",
                "forecast_category_is_known", "update core.deal_enriched set forecast_category_normalized = 'maybe' where deal_id = 'd4'",
                "probability_is_a_fraction", "update core.deal_enriched set forecast_probability = 1.5 where deal_id = 'd4'");
        // core.deal_snapshot_daily is a view over core.deal_state_interval, which carries its tests
        breaks("core.deal_state_interval",
                "spans_do_not_overlap", "update core.deal_state_interval set valid_to = valid_from - 1 where deal_id = 'd4'",
                "one_status_per_deal_day", "update core.deal_state_interval set status = 'zombie' where deal_id = 'd4'",
                "open_deals_are_open_today", "delete from core.deal_state_interval where deal_id = 'd4' and date '2024-03-15' between valid_from and valid_to");
        breaks("reports.sales_forecast",
                "forecast_ordering", "update reports.sales_forecast set commit_forecast_rc = closed_amount_rc - 1 where closed_amount_rc > 0",
                "weighted_within_open", "update reports.sales_forecast set weighted_open_rc = open_pipeline_rc + 1",
                "categories_partition_open", "update reports.sales_forecast set omitted_amount_rc = omitted_amount_rc + 1",
                "run_rate_equals_closed_after_period_end", "update reports.sales_forecast set run_rate_projection_rc = closed_amount_rc + 1");
        breaks("reports.sales_goals",
                "attainment_null_exactly_when_no_target", "update reports.sales_goals set attainment = null",
                "elapsed_within_period", "update reports.sales_goals set elapsed_days = period_days + 1",
                "remaining_not_negative", "update reports.sales_goals set remaining = -1");
        breaks("reports.pipeline_snapshot",
                "weighted_within_unweighted", "update reports.pipeline_snapshot set weighted_amount_rc = amount_rc + 1",
                "every_open_deal_once", "update reports.pipeline_snapshot set deal_cnt = deal_cnt + 1 where bucket = 'open'",
                "bucket_is_known", "update reports.pipeline_snapshot set bucket = 'limbo' where bucket = 'past_due'");
        breaks("reports.pipeline_movement",
                "directions_partition_transitions", "update reports.pipeline_movement set transitions = transitions + 1",
                "distinct_deals_within_transitions", "update reports.pipeline_movement set deals = transitions + 1");
        breaks("reports.sales_funnel",
                "reached_is_monotone", "update reports.sales_funnel set reached_cnt = cohort_deals + 5 where stage_position = 3",
                "first_stage_is_cohort", "update reports.sales_funnel set reached_cnt = reached_cnt - 1 where stage_position = 1",
                "strict_within_reached", "update reports.sales_funnel set strict_reached_cnt = reached_cnt + 1",
                "cohort_outcomes_add_up", "update reports.sales_funnel set lost_from_stage_cnt = lost_from_stage_cnt + 1 where stage_position = 1");
        breaks("reports.sales_conversion",
                "cohort_rates_bounded", "update reports.sales_conversion set leads_converted = leads_created + 1");
        breaks("reports.lead_status",
                "converted_within_leads", "update reports.lead_status set leads_converted = leads + 1",
                "only_converted_leads_convert", "update reports.lead_status set leads_converted = 1 where lead_status = 'new'",
                "every_live_lead_counted_once", "update reports.lead_status set leads = leads + 1 where lead_status = 'new'");
        breaks("reports.sales_per_customer",
                "repeat_and_new_within_customers", "update reports.sales_per_customer set repeat_customers = 2 where account_id <> 'unknown'",
                "every_purchase_but_the_first_has_a_gap", "update reports.sales_per_customer set purchase_gaps = purchase_gaps + 1",
                "months_add_up_to_years", "update reports.sales_per_customer set won_deals = won_deals + 1 where period_grain = 'year'",
                "revenue_reconciles_to_total_sales", "update reports.sales_per_customer set won_amount_rc = won_amount_rc + 1 where period_grain = 'month'");
        breaks("reports.daily_activity",
                "types_add_up", "update reports.daily_activity set calls = calls + 1 where period_start = date '2024-01-10'",
                "every_day_present", "delete from reports.daily_activity where period_start = date '2024-02-29'");
        breaks("reports.weekly_progress",
                "week_starts_monday", "update reports.weekly_progress set period_start = period_start + 1",
                "customers_lost_within_lost", "update reports.weekly_progress set customers_lost = deals_lost + 1");
        breaks("reports.monthly_summary",
                "aov_reconciles", "update reports.monthly_summary set aov_den = orders + 1",
                "new_customers_within_customers", "update reports.monthly_summary set new_customers = customers_won + 1",
                "gross_profit_identity", "update reports.monthly_summary set gross_profit_rc = gross_profit_rc + 1");
        breaks("reports.sales_trend",
                "won_series_agrees_with_total_sales", "update reports.sales_trend set value = value + 1 where series = 'won_amount'");
        breaks("reports.total_sales",
                "won_amount_converted", "update reports.total_sales set won_amount_rc = null",
                "one_count_per_deal", "update reports.total_sales set won_deals = -1",
                "business_type_splits_deals", "update reports.total_sales set new_business_deals = new_business_deals + 1");
        breaks("tests/sales_forecast_agrees_with_total_sales",
                "sales_forecast_agrees_with_total_sales", "update reports.sales_forecast set closed_amount_rc = closed_amount_rc + 1 where won_deals > 0");
        breaks("tests/sales_goals_agree_with_total_sales",
                "sales_goals_agree_with_total_sales", "update reports.sales_goals set actual_to_date = actual_to_date + 1");
        breaks("tests/monthly_summary_agrees_with_total_sales",
                "monthly_summary_agrees_with_total_sales", "update reports.monthly_summary set revenue_rc = revenue_rc + 1");
        breaks("tests/pipeline_snapshot_agrees_with_sales_forecast",
                "pipeline_snapshot_agrees_with_sales_forecast", "update reports.pipeline_snapshot set amount_rc = amount_rc + 1");
    }

    static void breaks(String model, String... testAndStatement) {
        Map<String, String> m = BREAKS.computeIfAbsent(model, k -> new LinkedHashMap<>());
        for (int i = 0; i < testAndStatement.length; i += 2) {
            m.put(testAndStatement[i], testAndStatement[i + 1]);
        }
    }

    @TempDir
    static Path dir;
    static Warehouse wh;

    @BeforeAll
    static void build() throws Exception {
        SalesCore.writeReference(dir);
        VARS.putAll(SalesCore.vars(dir));
        wh = Warehouse.open(dir.resolve("w.duckdb"));
        SalesCore.seed(wh);
        new ModelRunner(wh, VARS).run("build");
    }

    @AfterAll
    static void close() {
        wh.close();
    }

    @Test
    void calendarAndIdentity() throws Exception {
        assertThat(rows("select min(date_day), max(date_day), count(*) from core.calendar"))
                .containsExactly("2024-01-01|2024-04-15|106"); // first goal day to the last close date
        assertThat(rows("select week_start, month_start, quarter_start, fiscal_year, fiscal_quarter, is_business_day"
                + " from core.calendar where date_day = date '2024-03-17'"))
                .containsExactly("2024-03-11|2024-03-01|2024-01-01|2024|1|false");
        assertThat(rows("select account_id, canonical_account_id, is_primary_record from core.account_identity order by 1"))
                .containsExactly("a1|a1|true", "a2|a1|false", "a3|a3|true");
        assertThat(rows("select contact_id, canonical_contact_id from core.contact_identity order by 1"))
                .containsExactly("c1|c1", "c2|c1", "c3|c3");
    }

    @Test
    void dailySnapshotFollowsStageHistoryInTheReportingZone() throws Exception {
        assertThat(rows("select as_of_date, stage_id, status, amount_rc from core.deal_snapshot_daily where deal_id = 'd4'"
                + " and as_of_date in ('2024-02-04', '2024-02-05', '2024-02-11', '2024-03-15') order by 1"))
                .containsExactly("2024-02-04|s1|open|2000.00", "2024-02-05|s3|open|2000.00",
                        "2024-02-11|s2|open|2000.00", "2024-03-15|s3|open|2000.00");
        assertThat(rows("select count(*), max(as_of_date), arg_max(status, as_of_date) from core.deal_snapshot_daily where deal_id = 'd1'"))
                .containsExactly("16|2024-01-20|won");
        assertThat(rows("select as_of_date, amount_rc from core.deal_snapshot_daily where deal_id = 'd2' and as_of_date in ('2024-01-31', '2024-02-01')"
                + " order by 1")).containsExactly("2024-01-31|110.00", "2024-02-01|120.00");
    }

    @Test
    void forecastBucketsWonOpenPastDueAndUnscheduledDeals() throws Exception {
        assertThat(rows("select period_start, owner_id, won_deals, closed_amount_rc, commit_amount_rc, best_case_amount_rc,"
                + " pipeline_amount_rc, open_in_period_rc, weighted_open_rc, past_due_open_rc, unscheduled_open_rc,"
                + " commit_forecast_rc, forecast_weighted_rc, run_rate_projection_rc, amount_missing_deals"
                + " from reports.sales_forecast where period_grain = 'month' order by 1, 2"))
                .containsExactly(
                        "2024-01-01|o1|1|1000.00|0.00|0.00|0.00|0.00|0.00|0.00|0.00|1000.00|1000.00|1000.00|0",
                        "2024-02-01|o1|1|120.00|0.00|0.00|0.00|0.00|0.00|0.00|0.00|120.00|120.00|120.00|0",
                        "2024-03-01|o1|0|0.00|0.00|0.00|0.00|0.00|0.00|300.00|400.00|0.00|0.00|0.00|0",
                        "2024-03-01|o2|0|0.00|2000.00|0.00|0.00|2000.00|1800.00|0.00|0.00|2000.00|1800.00|0.00|0",
                        "2024-04-01|o2|0|0.00|0.00|0.00|0.00|0.00|0.00|0.00|0.00|0.00|0.00|null|1");
        assertThat(rows("select period_start, sum(closed_amount_rc), sum(open_in_period_rc) from reports.sales_forecast"
                + " where period_grain = 'quarter' group by 1 order by 1"))
                .containsExactly("2024-01-01|1120.00|2000.00", "2024-04-01|0.00|0.00");
    }

    @Test
    void funnelCountsReachedOrBeyondAndStrictlyForTheJanuaryCohort() throws Exception {
        assertThat(rows("select stage_id, sum(cohort_deals), sum(reached_cnt), sum(strict_reached_cnt), sum(lost_from_stage_cnt),"
                + " sum(next_reached_cnt) from reports.sales_funnel where cohort_period_start = date '2024-01-01'"
                + " group by stage_id order by min(stage_position)"))
                .containsExactly("s1|3|3|3|0|3", "s2|3|3|2|1|2", "s3|3|2|1|0|2", "won|3|2|1|0|0");
    }

    @Test
    void pipelineSnapshotAndMovement() throws Exception {
        assertThat(rows("select bucket, stage_id, deal_cnt, amount_rc, weighted_amount_rc, amount_missing_deals, days_in_stage_sum"
                + " from reports.pipeline_snapshot order by bucket, stage_id"))
                .containsExactly("open|s1|1|0.00|0.00|1|10", "open|s3|1|2000.00|1800.00|0|32",
                        "past_due|s1|1|300.00|60.00|0|34", "unscheduled|s2|1|400.00|240.00|0|14");
        assertThat(rows("select period_start, sum(advanced_cnt), sum(regressed_cnt), sum(won_cnt), sum(lost_cnt), sum(entered_cnt)"
                + " from reports.pipeline_movement group by 1 order by 1"))
                .containsExactly("2024-01-01|4|0|1|0|3", "2024-02-01|2|1|1|1|2", "2024-03-01|0|0|0|0|2");
    }

    @Test
    void goalsFromTheCrmAndTheReferenceFile() throws Exception {
        assertThat(rows("select goal_id, goal_origin, period_grain, target_rc, actual_to_date, attainment, pipeline_potential_rc, remaining"
                + " from reports.sales_goals order by goal_id"))
                .containsExactly("csv-1|reference_csv|month|2.00|0.00|0.000000|2000.00|2.00",
                        "g1|crm|month|2000.00|1000.00|0.500000|0.00|1000.00",
                        "g2|crm|month|0.00|0.00|null|0.00|0.00",
                        "g3|crm|month|6500.00|0.00|0.000000|2000.00|6500.00");
    }

    @Test
    void totalSalesSplitsNewAndExistingBusiness() throws Exception {
        assertThat(rows("select period_start, sum(won_deals), sum(new_business_deals), sum(existing_business_deals),"
                + " sum(avg_deal_size_num_rc) / sum(avg_deal_size_den) from reports.total_sales group by 1 order by 1"))
                .containsExactly("2024-01-01|1|1|0|1000.0", "2024-02-01|1|0|1|120.0");
    }

    @Test
    void conversionAndCadenceReports() throws Exception {
        assertThat(rows("select period_start, sum(leads_created), sum(leads_converted), sum(leads_to_customer),"
                + " sum(conversions_in_period), sum(deals_won), sum(deals_lost) from reports.sales_conversion group by 1 order by 1"))
                .containsExactly("2024-01-01|2|2|1|1|1|0", "2024-02-01|1|0|0|1|1|1");
        assertThat(rows("select period_start, owner_id, activities, calls, emails, meetings from reports.daily_activity"
                + " where activities > 0 order by 1, 2"))
                .containsExactly("2024-01-10|o1|2|1|1|0", "2024-02-01|o2|1|0|0|1");
        assertThat(rows("select period_start, sum(deals_advanced), sum(deals_regressed), sum(deals_lost), sum(customers_lost)"
                + " from reports.weekly_progress where period_start between '2024-02-05' and '2024-02-19' group by 1 order by 1"))
                .containsExactly("2024-02-05|2|1|0|0", "2024-02-12|1|0|0|0", "2024-02-19|0|0|1|0");
        assertThat(rows("select period_start, new_customers, orders, revenue_rc, costed_revenue_rc, cogs_rc, gross_profit_rc"
                + " from reports.monthly_summary order by 1"))
                .containsExactly("2024-01-01|1|1|1000.00|1000.00|350.00|650.00", "2024-02-01|0|1|120.00|0.00|0.00|0.00");
    }

    @Test
    void leadStatusCountsLeadsByCurrentStatusWithConversionsInTheirMonth() throws Exception {
        assertThat(rows("select period_start, owner_id, team_id, source_normalized, channel, status_history, from_status,"
                + " lead_status, leads, leads_converted, conversion_rate, flows_in_period from reports.lead_status order by all"))
                .containsExactly(
                        // l1 and l2 created in January, both converted; l2 converted in January, l1 in February
                        "2024-01-01|o1|t1|website|organic|current_status|created|converted|2|2|1.0|1",
                        "2024-02-01|o1|t1|website|organic|current_status|created|converted|0|0|null|1",
                        "2024-02-01|o2|t1|unknown|unknown|current_status|created|new|1|0|0.0|0");
    }

    @Test
    void salesPerCustomerCountsRepeatBuyersAndDaysBetweenPurchasesOnceAcrossRecords() throws Exception {
        // d1 (a1) and d2 (a2, the same customer by domain: canonical a1) 21 days apart; d2 EUR 100 at 1.2
        assertThat(rows("select period_start, period_grain, account_id, account_name, source_system, won_deals, won_amount_rc,"
                + " customers, new_customers, repeat_customers, repeat_purchase_rate, purchase_gap_days, purchase_gaps,"
                + " days_between_purchases, first_purchase_date, last_purchase_date from reports.sales_per_customer order by all"))
                .containsExactly(
                        "2024-01-01|month|a1|Acme|hubspot|1|1000.00|1|1|0|0.0|0|0|null|2024-01-20|2024-01-20",
                        "2024-01-01|year|a1|Acme|hubspot|2|1120.00|1|1|1|1.0|21|1|21.0|2024-01-20|2024-02-10",
                        "2024-02-01|month|a1|Acme|hubspot|1|120.00|1|0|1|1.0|21|1|21.0|2024-01-20|2024-02-10");
    }

    @Test
    void everyDeclaredInvariantCatchesABrokenRow() throws Exception {
        Map<String, Map<String, String>> declared = declaredTests();
        assertThat(BREAKS.keySet()).containsExactlyInAnyOrderElementsOf(declared.keySet());
        for (Map.Entry<String, Map<String, String>> model : declared.entrySet()) {
            assertThat(BREAKS.get(model.getKey()).keySet()).as(model.getKey())
                    .containsExactlyInAnyOrderElementsOf(model.getValue().keySet());
            for (Map.Entry<String, String> test : model.getValue().entrySet()) {
                String check = substitute(test.getValue());
                try (Connection c = wh.connect(); Statement st = c.createStatement()) {
                    c.setAutoCommit(false);
                    assertThat(count(st, check)).as("%s %s on correct data", model.getKey(), test.getKey()).isZero();
                    st.execute(BREAKS.get(model.getKey()).get(test.getKey()));
                    assertThat(count(st, check)).as("%s %s on broken data", model.getKey(), test.getKey()).isPositive();
                    c.rollback();
                }
            }
        }
    }

    @Test
    void brokenInputFailsTheTransformAndKeepsThePreviousTables() throws Exception {
        List<String> before = rows("select * from reports.sales_forecast order by all");
        // as a normalizer writes it: a changed row carries a newer synced_at (the next build rebuilds what it touches)
        exec("update core.deal set probability = 1.5, synced_at = now() where deal_id = 'd4'");
        try {
            assertThatThrownBy(() -> new ModelRunner(wh, VARS).run("broken"))
                    .isInstanceOf(ModelBuildException.class)
                    .hasMessageContaining("probability_is_a_fraction")
                    .hasMessageContaining("core.deal_enriched");
            assertThat(rows("select * from reports.sales_forecast order by all")).isEqualTo(before);
        } finally {
            exec("update core.deal set probability = 0.9 where deal_id = 'd4'");
        }
    }

    // ---- helpers ----

    /** The data tests of every part-A model, read from the model headers, plus part A's singular tests. */
    static Map<String, Map<String, String>> declaredTests() throws IOException {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (String model : BREAKS.keySet()) {
            String resource = "models/" + (model.startsWith("tests/") ? model : model.replace('.', '/')) + ".sql";
            String text = read(resource);
            Map<String, String> tests = new LinkedHashMap<>();
            if (model.startsWith("tests/")) {
                tests.put(model.substring("tests/".length()), text.strip());
            } else {
                for (String line : text.split("\\R")) {
                    Matcher m = TEST.matcher(line.strip());
                    if (m.matches()) {
                        tests.put(m.group(1), m.group(2));
                    }
                }
            }
            out.put(model, tests);
        }
        return out;
    }

    static String read(String resource) throws IOException {
        try (InputStream in = SalesReportsModelTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String substitute(String sql) {
        Matcher m = VAR.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(Sql.literal(VARS.get(m.group(1)))));
        }
        m.appendTail(out);
        return out.toString();
    }

    static long count(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery("select count(*) from (\n" + sql + "\n) as offending")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void exec(String... sqls) throws Exception {
        io.crmw.warehouse.testing.WarehouseSql.exec(wh, sqls);
    }

    static List<String> rows(String sql) throws Exception {
        return io.crmw.warehouse.testing.WarehouseSql.rows(wh, sql);
    }
}
