package io.crmw.warehouse.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.warehouse.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which rate converts a deal (core.fx_rate_daily, core.deal_enriched): the user's fx_rates.csv, else the deal's own
 * CRM (Salesforce dated rates before CurrencyType, HubSpot's home-currency amount for closed deals), else another
 * CRM's rate that day, else fx_missing; and the warning when two CRMs disagree. Reporting currency USD, as of
 * 2024-02-15, an empty (header-only) fx_rates.csv unless a test writes rows.
 */
class FxRatePrecedenceModelTest {

    static final String HEADER = "rate_date,from_currency,to_currency,rate\n";

    @TempDir
    Path dir;
    Warehouse wh;
    Map<String, String> vars;

    @BeforeEach
    void seed() throws Exception {
        Files.writeString(dir.resolve("fx_rates.csv"), HEADER);
        vars = Map.of("reporting_currency", "USD", "reporting_time_zone", "UTC", "reference_dir", dir.toString(),
                "as_of_date", "2024-02-15");
        wh = Warehouse.open(dir.resolve("w.duckdb"));
        exec(
                // Salesforce: CurrencyType EUR 0.9 and GBP 0.5 per USD; dated EUR 0.8 until 2024-01-15, then 0.75
                "insert into core.crm_fx_rate values"
                        + " ('sf', 'salesforce_currency_type', '02B1', 'USD', 'USD', 1, 'per_base', '0001-01-01', '9999-12-31', now()),"
                        + " ('sf', 'salesforce_currency_type', '02B2', 'USD', 'EUR', 0.9, 'per_base', '0001-01-01', '9999-12-31', now()),"
                        + " ('sf', 'salesforce_currency_type', '02B3', 'USD', 'GBP', 0.5, 'per_base', '0001-01-01', '9999-12-31', now()),"
                        + " ('sf', 'salesforce_dated', '04w1', 'USD', 'EUR', 0.8, 'per_base', '0001-01-01', '2024-01-16', now()),"
                        + " ('sf', 'salesforce_dated', '04w2', 'USD', 'EUR', 0.75, 'per_base', '2024-01-16', '9999-12-31', now()),"
                        // HubSpot portal (company currency USD): 1 EUR = 1.3 USD, 1 JPY = 0.007 USD
                        + " ('hs', 'hubspot_portal', 'r1', 'USD', 'EUR', 1.3, 'in_base', '2024-01-01', '9999-12-31', now()),"
                        + " ('hs', 'hubspot_portal', 'r2', 'USD', 'JPY', 0.007, 'in_base', '2024-01-01', '9999-12-31', now())",
                "insert into core.deal (deal_id, source_system, source_id, status, amount, currency_code, amount_home,"
                        + " close_date, created_at, is_deleted, synced_at) values"
                        + " ('s1', 'sf', '1', 'won', 100.00, 'EUR', null, '2024-01-10', '2024-01-02 10:00:00+00', false, now()),"
                        + " ('s2', 'sf', '2', 'won', 101.00, 'EUR', null, '2024-01-20', '2024-01-02 10:00:00+00', false, now()),"
                        + " ('s3', 'sf', '3', 'won', 10.00, 'GBP', null, '2024-01-20', '2024-01-02 10:00:00+00', false, now()),"
                        + " ('s4', 'sf', '4', 'won', 1000.00, 'JPY', null, '2024-01-20', '2024-01-02 10:00:00+00', false, now()),"
                        + " ('s5', 'sf', '5', 'won', 50.00, 'USD', null, '2024-01-20', '2024-01-02 10:00:00+00', false, now()),"
                        + " ('h1', 'hs', '1', 'won', 200.00, 'EUR', 250.00, '2024-01-20', '2024-01-02 10:00:00+00', false, now()),"
                        + " ('h2', 'hs', '2', 'open', 100.00, 'EUR', 999.00, '2024-03-31', '2024-01-02 10:00:00+00', false, now()),"
                        + " ('p1', 'pd', '1', 'won', 10.00, 'EUR', null, '2024-01-20', '2024-01-02 10:00:00+00', false, now()),"
                        + " ('p2', 'pd', '2', 'won', 5.00, 'CHF', null, '2024-01-20', '2024-01-02 10:00:00+00', false, now())");
    }

    @AfterEach
    void close() {
        wh.close();
    }

    @Test
    void eachDealTakesItsOwnCrmsRateForItsDateThenAnotherCrmsThenIsFlagged() throws Exception {
        TransformResult r = new ModelRunner(wh, vars).run("t1");

        assertThat(r.failures()).isEmpty();
        assertThat(deals()).containsExactly(
                // closed: HubSpot's own amount in the company currency (the reporting currency)
                "h1|250.00|hubspot_home_amount|hs|1.25000000|null|false",
                // open: HubSpot's home amount is today's, the rate of the as-of date decides
                "h2|130.00|hubspot_portal|hs|1.30000000|2024-01-01|false",
                // no rate of its own (Pipedrive): another CRM's that day, sources in name order
                "p1|13.00|hubspot_portal|hs|1.30000000|2024-01-01|false",
                "p2|null|null|null|null|null|true",
                // the dated rate of the close date: 100 / 0.8
                "s1|125.00|salesforce_dated|sf|1.25000000|null|false",
                // the dated rate changed on 2024-01-16: 101 / 0.75 = 134.666…
                "s2|134.67|salesforce_dated|sf|1.33333333|2024-01-16|false",
                // no dated rate for GBP: CurrencyType
                "s3|20.00|salesforce_currency_type|sf|2.00000000|null|false",
                // Salesforce has no JPY: HubSpot's rate that day
                "s4|7.00|hubspot_portal|hs|0.00700000|2024-01-01|false",
                "s5|50.00|same_currency|null|1.00000000|null|false");
    }

    @Test
    void aRowOfTheUsersCsvForThePairWinsOverEveryCrm() throws Exception {
        Files.writeString(dir.resolve("fx_rates.csv"), HEADER + "2024-01-01,EUR,USD,1.1\n2024-01-01,USD,EUR,0.9\n");

        new ModelRunner(wh, vars).run("t1");

        assertThat(deals()).contains(
                "h1|220.00|user_csv|fx_rates.csv|1.10000000|2024-01-01|false",
                "h2|110.00|user_csv|fx_rates.csv|1.10000000|2024-01-01|false",
                "p1|11.00|user_csv|fx_rates.csv|1.10000000|2024-01-01|false",
                "s1|110.00|user_csv|fx_rates.csv|1.10000000|2024-01-01|false",
                "s2|111.10|user_csv|fx_rates.csv|1.10000000|2024-01-01|false",
                // pairs the file does not have still come from the CRMs
                "s3|20.00|salesforce_currency_type|sf|2.00000000|null|false");
        assertThat(rows("select sum(won_amount_rc) from reports.total_sales where period_start = '2024-01-01'"))
                .containsExactly("529.10"); // 220 + 11 + 110 + 111.10 + 20 + 7 + 50, p2 missing
    }

    @Test
    void inAnotherReportingCurrencyTheHomeAmountStepsOnWithItsOwnCrmsRate() throws Exception {
        exec("insert into core.deal (deal_id, source_system, source_id, status, amount, currency_code, amount_home,"
                + " close_date, created_at, is_deleted, synced_at) values"
                + " ('h3', 'hs', '3', 'won', 100.00, 'GBP', 127.00, '2024-01-20', '2024-01-02 10:00:00+00', false, now())");
        Map<String, String> euro = new java.util.HashMap<>(vars);
        euro.put("reporting_currency", "EUR");

        assertThat(new ModelRunner(wh, euro).run("t1").failures()).isEmpty();

        assertThat(rows("select deal_id, amount_rc, fx_rate_source, fx_rate_source_system from core.deal_enriched"
                + " where deal_id in ('h3', 's1', 's3') order by deal_id")).containsExactly(
                // 127 USD (HubSpot's own amount) / 1.3 USD per EUR (the portal's rate)
                "h3|97.69|hubspot_home_amount|hs",
                "s1|100.00|same_currency|null",
                // GBP -> USD -> EUR with the org's CurrencyType: 10 / 0.5 × 0.9
                "s3|18.00|salesforce_currency_type|sf");
    }

    @Test
    void twoCrmsDisagreeingOnADaysRateWarnWithTheFiguresAndTheBuildSucceeds() throws Exception {
        TransformResult r = new ModelRunner(wh, vars).run("t1");

        assertThat(r.failures()).isEmpty();
        assertThat(r.warnings()).singleElement().asString()
                .contains("warning crms_disagree_on_a_rate on core.fx_rate_disagreement: 2 offending row(s)")
                .contains("from_currency=EUR, to_currency=USD, source_a=hs, rate_kind_a=hubspot_portal, rate_a=1.30000000,"
                        + " source_b=sf, rate_kind_b=salesforce_dated, rate_b=1.25000000, difference_pct=4.00,"
                        + " first_day=2024-01-02, last_day=2024-01-15")
                .contains("rate_b=1.33333333, difference_pct=2.56, first_day=2024-01-16, last_day=2024-03-31");

        // within 0.5 %: no warning
        exec("update core.crm_fx_rate set rate = 0.77 where source_id in ('04w1', '04w2')");
        assertThat(new ModelRunner(wh, vars).run("t2").warnings()).isEmpty();
    }

    List<String> deals() throws Exception {
        return rows("select deal_id, amount_rc, fx_rate_source, fx_rate_source_system, fx_rate, fx_rate_valid_from,"
                + " fx_missing from core.deal_enriched order by deal_id");
    }

    void exec(String... sqls) throws Exception {
        io.crmw.warehouse.testing.WarehouseSql.exec(wh, sqls);
    }

    List<String> rows(String sql) throws Exception {
        return io.crmw.warehouse.testing.WarehouseSql.rows(wh, sql);
    }
}
