package io.crmw.warehouse.model.marketing;

import static io.crmw.warehouse.model.marketing.MarketingCore.declaredTest;
import static io.crmw.warehouse.model.marketing.MarketingCore.exec;
import static io.crmw.warehouse.model.marketing.MarketingCore.rows;
import static io.crmw.warehouse.model.marketing.MarketingCore.uniquenessTest;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.warehouse.Warehouse;
import io.crmw.warehouse.model.ModelRunner;
import io.crmw.warehouse.model.TransformResult;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * MRR, churn and cohort retention (core.subscription_month, reports.mrr_movements, reports.mrr_cohort_retention) over
 * hand-made recurring line items, as of 2024-06-15, reporting currency USD:
 *
 * <pre>
 * a1 d1 won 2024-01-10 monthly 100 for 6 months; d2 won 2024-03-05 monthly 50 for 2 months
 *    -> Jan new 100, Feb unchanged, Mar expansion +50, Apr unchanged 150, May contraction -50, Jun unchanged 100
 * a2 d3 won 2024-01-20 quarterly 300 for 3 months (MRR 100); d4 won 2024-05-02 monthly 80 for 12 months
 *    -> Jan new 100, Feb-Mar unchanged, Apr churned 100, May reactivated 80, Jun unchanged
 * a3 d5 won 2024-02-14 annually 1000 without a term (MRR 83.33, runs on) -> Feb new, then unchanged
 * a4 d6 won with a one-off line; d7 lost with a recurring line -> no MRR
 * </pre>
 */
class MrrModelsTest {

    private static final String S = "'hs', false, now()";

    @TempDir
    static Path dir;
    static Warehouse wh;

    @BeforeAll
    static void build() throws Exception {
        MarketingCore.writeReference(dir, true);
        wh = Warehouse.open(dir.resolve("w.duckdb"));
        exec(wh,
                "insert into core.account (account_id, name, source_id, source_system, is_deleted, synced_at) values"
                        + " ('a1', 'Acme', 'a1', " + S + "), ('a2', 'Globex', 'a2', " + S + "),"
                        + " ('a3', 'Initech', 'a3', " + S + "), ('a4', 'Umbrella', 'a4', " + S + ")",
                "insert into core.deal (deal_id, status, amount, currency_code, close_date, created_at, account_id,"
                        + " source_id, source_system, is_deleted, synced_at) values"
                        + " ('d1', 'won', 100.00, 'USD', '2024-01-10', '2024-01-02 10:00:00+00', 'a1', 'd1', " + S + "),"
                        + " ('d2', 'won', 50.00, 'USD', '2024-03-05', '2024-03-01 10:00:00+00', 'a1', 'd2', " + S + "),"
                        + " ('d3', 'won', 300.00, 'USD', '2024-01-20', '2024-01-03 10:00:00+00', 'a2', 'd3', " + S + "),"
                        + " ('d4', 'won', 80.00, 'USD', '2024-05-02', '2024-04-20 10:00:00+00', 'a2', 'd4', " + S + "),"
                        + " ('d5', 'won', 1000.00, 'USD', '2024-02-14', '2024-02-01 10:00:00+00', 'a3', 'd5', " + S + "),"
                        + " ('d6', 'won', 700.00, 'USD', '2024-02-20', '2024-02-01 10:00:00+00', 'a4', 'd6', " + S + "),"
                        + " ('d7', 'lost', 90.00, 'USD', '2024-02-21', '2024-02-01 10:00:00+00', 'a4', 'd7', " + S + ")",
                "insert into core.product (product_id, name, source_id, source_system, is_deleted, synced_at) values"
                        + " ('p1', 'Platform', 'p1', " + S + ")",
                "insert into core.line_item (line_item_id, deal_id, product_id, quantity, unit_price, discount_amount, line_amount,"
                        + " is_recurring, billing_period_months, term_months, source_id, source_system, is_deleted, synced_at) values"
                        + " ('l1', 'd1', 'p1', 1, 100.00, 0, 100.00, true, 1, 6, 'l1', " + S + "),"
                        + " ('l2', 'd2', 'p1', 1, 50.00, 0, 50.00, true, 1, 2, 'l2', " + S + "),"
                        + " ('l3', 'd3', 'p1', 1, 300.00, 0, 300.00, true, 3, 3, 'l3', " + S + "),"
                        + " ('l4', 'd4', 'p1', 1, 80.00, 0, 80.00, true, 1, 12, 'l4', " + S + "),"
                        + " ('l5', 'd5', 'p1', 1, 1000.00, 0, 1000.00, true, 12, null, 'l5', " + S + "),"
                        + " ('l6', 'd6', 'p1', 1, 700.00, 0, 700.00, false, null, null, 'l6', " + S + "),"
                        + " ('l7', 'd7', 'p1', 1, 90.00, 0, 90.00, true, 1, 12, 'l7', " + S + ")");
        TransformResult r = new ModelRunner(wh, Map.of("reporting_currency", "USD", "reporting_time_zone", "UTC",
                "reference_dir", dir.toString(), "as_of_date", "2024-06-15")).run("t1");
        assertThat(r.failures()).isEmpty();
    }

    @AfterAll
    static void close() {
        wh.close();
    }

    @Test
    void eachCustomerMonthHasOneMovementFromOpeningToClosing() throws Exception {
        assertThat(rows(wh, "select period_start, account_id, movement_type, opening_mrr_rc, new_mrr_rc, reactivated_mrr_rc,"
                + " expansion_mrr_rc, contraction_mrr_rc, churned_mrr_rc, closing_mrr_rc from reports.mrr_movements"
                + " order by period_start, account_id")).containsExactly(
                "2024-01-01|a1|new|0.00|100.00|0.00|0.00|0.00|0.00|100.00",
                "2024-01-01|a2|new|0.00|100.00|0.00|0.00|0.00|0.00|100.00",
                "2024-02-01|a1|unchanged|100.00|0.00|0.00|0.00|0.00|0.00|100.00",
                "2024-02-01|a2|unchanged|100.00|0.00|0.00|0.00|0.00|0.00|100.00",
                "2024-02-01|a3|new|0.00|83.33|0.00|0.00|0.00|0.00|83.33",
                "2024-03-01|a1|expansion|100.00|0.00|0.00|50.00|0.00|0.00|150.00",
                "2024-03-01|a2|unchanged|100.00|0.00|0.00|0.00|0.00|0.00|100.00",
                "2024-03-01|a3|unchanged|83.33|0.00|0.00|0.00|0.00|0.00|83.33",
                "2024-04-01|a1|unchanged|150.00|0.00|0.00|0.00|0.00|0.00|150.00",
                "2024-04-01|a2|churned|100.00|0.00|0.00|0.00|0.00|100.00|0.00",
                "2024-04-01|a3|unchanged|83.33|0.00|0.00|0.00|0.00|0.00|83.33",
                "2024-05-01|a1|contraction|150.00|0.00|0.00|0.00|50.00|0.00|100.00",
                "2024-05-01|a2|reactivated|0.00|0.00|80.00|0.00|0.00|0.00|80.00",
                "2024-05-01|a3|unchanged|83.33|0.00|0.00|0.00|0.00|0.00|83.33",
                "2024-06-01|a1|unchanged|100.00|0.00|0.00|0.00|0.00|0.00|100.00",
                "2024-06-01|a2|unchanged|80.00|0.00|0.00|0.00|0.00|0.00|80.00",
                "2024-06-01|a3|unchanged|83.33|0.00|0.00|0.00|0.00|0.00|83.33");
    }

    @Test
    void churnRatesRollUpAsSummedNumeratorOverSummedDenominator() throws Exception {
        assertThat(rows(wh, "select period_start, sum(opening_mrr_rc), sum(closing_mrr_rc), sum(customers_opening),"
                + " sum(customers_churned), sum(net_mrr_churn_rc),"
                + " round(sum(customers_churned) / sum(customers_opening), 4), round(sum(churned_mrr_rc) / sum(opening_mrr_rc), 4)"
                + " from reports.mrr_movements where period_start in ('2024-04-01', '2024-05-01') group by 1 order by 1"))
                .containsExactly("2024-04-01|333.33|233.33|3|1|100.00|0.3333|0.3",
                        "2024-05-01|233.33|263.33|2|0|-30.00|0.0|0.0");
    }

    @Test
    void cohortsAreFollowedMonthByMonth() throws Exception {
        assertThat(rows(wh, "select cohort_month, months_since_start, cohort_customers, cohort_mrr_rc, customers_retained,"
                + " mrr_retained_rc from reports.mrr_cohort_retention order by 1, 2")).containsExactly(
                "2024-01-01|0|2|200.00|2|200.00",
                "2024-01-01|1|2|200.00|2|200.00",
                "2024-01-01|2|2|200.00|2|250.00",
                "2024-01-01|3|2|200.00|1|150.00",
                "2024-01-01|4|2|200.00|2|180.00",
                "2024-01-01|5|2|200.00|2|180.00",
                "2024-02-01|0|1|83.33|1|83.33",
                "2024-02-01|1|1|83.33|1|83.33",
                "2024-02-01|2|1|83.33|1|83.33",
                "2024-02-01|3|1|83.33|1|83.33",
                "2024-02-01|4|1|83.33|1|83.33");
    }

    /** (model, declared test, SQL that breaks the built table so the invariant no longer holds). */
    static Stream<Arguments> brokenData() {
        return Stream.of(
                Arguments.of("reports.mrr_movements", "opening_plus_movements_is_closing",
                        "update reports.mrr_movements set closing_mrr_rc = closing_mrr_rc + 0.01 where account_id = 'a1' and period_start = '2024-03-01'"),
                Arguments.of("reports.mrr_movements", "opening_is_previous_closing",
                        "update reports.mrr_movements set opening_mrr_rc = 0, expansion_mrr_rc = 0, new_mrr_rc = 150.00 where account_id = 'a1' and period_start = '2024-03-01'"),
                Arguments.of("reports.mrr_movements", "churned_at_most_opening",
                        "update reports.mrr_movements set churned_mrr_rc = opening_mrr_rc + 1 where movement_type = 'churned'"),
                Arguments.of("reports.mrr_movements", "closing_is_subscription_mrr",
                        "delete from reports.mrr_movements where account_id = 'a3'"),
                Arguments.of("reports.mrr_cohort_retention", "retained_at_most_cohort",
                        "update reports.mrr_cohort_retention set customers_retained = 3 where months_since_start = 1"),
                Arguments.of("reports.mrr_cohort_retention", "month_zero_retains_everyone",
                        "update reports.mrr_cohort_retention set mrr_retained_rc = 0 where months_since_start = 0"),
                Arguments.of("core.subscription_month", "mrr_is_positive",
                        "update core.subscription_month set mrr_rc = 0 where account_id = 'a1'"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("brokenData")
    void declaredInvariantFailsOnBrokenData(String model, String test, String breakIt, @TempDir Path copyDir) throws Exception {
        String sql = declaredTest(model, test);
        assertThat(rows(wh, sql)).as("holds on good data").isEmpty();
        try (Warehouse copy = copyOf(copyDir)) {
            exec(copy, breakIt);
            assertThat(rows(copy, sql)).as("fails on broken data").isNotEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.crmw.warehouse.model.marketing.MrrModelsTest#models")
    void uniquenessOfEveryGrainFailsOnADuplicatedRow(String model, @TempDir Path copyDir) throws Exception {
        String sql = uniquenessTest(model);
        assertThat(rows(wh, sql)).isEmpty();
        try (Warehouse copy = copyOf(copyDir)) {
            exec(copy, "insert into " + model + " select * from " + model + " limit 1");
            assertThat(rows(copy, sql)).isNotEmpty();
        }
    }

    static Stream<String> models() {
        return Stream.of("core.subscription_month", "reports.mrr_movements", "reports.mrr_cohort_retention");
    }

    private static Warehouse copyOf(Path copyDir) throws Exception {
        Path file = copyDir.resolve("copy.duckdb");
        exec(wh, "checkpoint");
        io.crmw.warehouse.publish.Publisher.publish(wh, file);
        return Warehouse.open(file);
    }
}
