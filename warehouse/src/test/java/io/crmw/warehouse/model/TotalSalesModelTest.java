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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real models over a small hand-made core dataset. Reporting currency USD, zone New York, as of 2024-02-15. The
 * tests that only read what one build made share a warehouse seeded and built once.
 */
class TotalSalesModelTest {

    @TempDir
    static Path shared;
    static Warehouse built;
    static Map<String, String> builtVars;
    static TransformResult firstBuild;

    @TempDir
    Path dir;
    Warehouse wh;
    Map<String, String> vars;

    @BeforeAll
    static void seedAndBuildOnce() throws Exception {
        builtVars = vars(shared);
        built = seed(shared);
        firstBuild = new ModelRunner(built, builtVars).run("t1");
    }

    @AfterAll
    static void closeBuilt() {
        built.close();
    }

    @BeforeEach
    void useTheBuiltWarehouse() {
        wh = built;
        vars = builtVars;
    }

    static Map<String, String> vars(Path dir) {
        return Map.of("reporting_currency", "USD", "reporting_time_zone", "America/New_York",
                "reference_dir", dir.toString(), "as_of_date", "2024-02-15");
    }

    /** Writes the reference files into {@code dir} and opens a warehouse there holding the hand-made core rows. */
    static Warehouse seed(Path dir) throws Exception {
        Files.writeString(dir.resolve("fx_rates.csv"), """
                rate_date,from_currency,to_currency,rate
                2024-01-01,EUR,USD,1.100000
                2024-02-01,EUR,USD,1.200000
                2024-03-01,EUR,USD,1.300000
                2024-01-01,USD,EUR,0.900000
                """);
        // raw 'Web ' and 'Event' reach the report only as their normalized names
        Files.writeString(dir.resolve("source_map.csv"), """
                source_system,raw_value,source_normalized,channel,sales_channel
                *,WEB,website,organic,direct
                hubspot,Event,events,offline,direct
                """);
        Warehouse wh = Warehouse.open(dir.resolve("w.duckdb"));
        String s = ", 'hubspot', 'x', false, now()";
        io.crmw.warehouse.testing.WarehouseSql.exec(wh, "insert into core.team (team_id, source_system, source_id, name, is_deleted, synced_at) values"
                        + " ('t1', 'hubspot', 'x', 'Team One', false, now()), ('t2', 'hubspot', 'x', 'Team Two', false, now())",
                "insert into core.owner (owner_id, name, team_id, source_system, source_id, is_deleted, synced_at) values"
                        + " ('o1', 'Ann', 't1'" + s + "), ('o2', 'Bob', 't2'" + s + ")",
                "insert into core.account (account_id, name, source_system, source_id, is_deleted, synced_at) values"
                        + " ('a1', 'Acme'" + s + ")",
                "insert into core.pipeline (pipeline_id, object_type, name, source_system, source_id, is_deleted, synced_at) values"
                        + " ('pl1', 'deal', 'Sales'" + s + ")",
                "insert into core.stage (stage_id, pipeline_id, name, source_system, source_id, is_deleted, synced_at) values"
                        + " ('won', 'pl1', 'Closed Won'" + s + "), ('open', 'pl1', 'Proposal'" + s + ")",
                "insert into core.product (product_id, name, source_system, source_id, is_deleted, synced_at) values"
                        + " ('p1', 'Widget'" + s + "), ('p2', 'Gadget'" + s + ")",
                // d1: USD, lines 600 + 350 = 950 of 1000 -> unallocated 50
                // d2: EUR 100 closed 2024-02-10 -> rate 1.2 -> 120, line covers it fully
                // d3: EUR 10.25 closed 2024-01-31 -> 11.275 -> 11.28 (half away from zero), no owner, no lines
                // d4: JPY, no rate -> fx_missing
                // d5 lost, d6 deleted, d7 merged: not counted in sales; d8 open EUR 200 -> as_of rate 1.2 -> 240
                "insert into core.deal (deal_id, status, amount, currency_code, close_date, created_at, owner_id, account_id,"
                        + " pipeline_id, stage_id, lead_source_raw, merged_into_id, is_deleted, source_system, source_id, synced_at) values"
                        + " ('d1', 'won', 1000.00, 'USD', '2024-01-15', '2024-01-01 03:00:00+00', 'o1', 'a1', 'pl1', 'won', 'Web ', null, false, 'hubspot', '1', now()),"
                        + " ('d2', 'won', 100.00, 'EUR', '2024-02-10', '2024-01-31 23:30:00+00', 'o2', 'a1', 'pl1', 'won', 'Event', null, false, 'hubspot', '2', now()),"
                        + " ('d3', 'won', 10.25, 'eur', '2024-01-31', '2024-01-02 12:00:00+00', null, 'a1', 'pl1', 'won', null, null, false, 'hubspot', '3', now()),"
                        + " ('d4', 'won', 5000.00, 'JPY', '2024-01-20', '2024-01-02 12:00:00+00', 'o1', 'a1', 'pl1', 'won', 'Web ', null, false, 'hubspot', '4', now()),"
                        + " ('d5', 'lost', 70.00, 'USD', '2024-01-20', '2024-01-02 12:00:00+00', 'o1', 'a1', 'pl1', 'won', null, null, false, 'hubspot', '5', now()),"
                        + " ('d6', 'won', 70.00, 'USD', '2024-01-20', '2024-01-02 12:00:00+00', 'o1', 'a1', 'pl1', 'won', null, null, true, 'hubspot', '6', now()),"
                        + " ('d7', 'won', 70.00, 'USD', '2024-01-20', '2024-01-02 12:00:00+00', 'o1', 'a1', 'pl1', 'won', null, 'd1', false, 'hubspot', '7', now()),"
                        + " ('d8', 'open', 200.00, 'EUR', '2024-03-15', '2024-01-02 12:00:00+00', 'o2', 'a1', 'pl1', 'open', null, null, false, 'hubspot', '8', now())",
                "insert into core.line_item (line_item_id, deal_id, product_id, quantity, unit_price, discount_amount, line_amount,"
                        + " is_deleted, source_system, source_id, synced_at) values"
                        + " ('l1', 'd1', 'p1', 2, 300.00, 0.00, 600.00, false, 'hubspot', 'l1', now()),"
                        + " ('l2', 'd1', 'p2', 1, 400.00, 50.00, 350.00, false, 'hubspot', 'l2', now()),"
                        + " ('l3', 'd1', 'p2', 9, 100.00, 0.00, 900.00, true, 'hubspot', 'l3', now()),"
                        + " ('l4', 'd2', 'p1', 1, 100.00, 0.00, 100.00, false, 'hubspot', 'l4', now())");
        return wh;
    }

    @AfterEach
    void close() {
        if (wh != built) {
            wh.close();
        }
    }

    void exec(String... sqls) throws Exception {
        io.crmw.warehouse.testing.WarehouseSql.exec(wh, sqls);
    }

    List<String> rows(String sql) throws Exception {
        return io.crmw.warehouse.testing.WarehouseSql.rows(wh, sql);
    }

    @Test
    void buildsAllModelsAndPassesTheirTests() {
        TransformResult r = firstBuild;
        assertThat(r.models()).isGreaterThanOrEqualTo(4); // other reports join the build; each has its own test
        assertThat(r.tests()).isGreaterThanOrEqualTo(12);
        assertThat(r.failures()).isEmpty();
    }

    @Test
    void enrichesDealsWithNamesAndReportingCurrency() throws Exception {
        assertThat(rows("select deal_id, owner_name, team_name, pipeline_name, stage_name, account_name, fx_rate_date,"
                + " fx_rate, amount_rc, fx_missing, close_month, created_date from core.deal_enriched order by deal_id"))
                .containsExactly(
                        "d1|Ann|Team One|Sales|Closed Won|Acme|2024-01-15|1.00000000|1000.00|false|2024-01-01|2023-12-31",
                        "d2|Bob|Team Two|Sales|Closed Won|Acme|2024-02-10|1.20000000|120.00|false|2024-02-01|2024-01-31",
                        "d3|null|null|Sales|Closed Won|Acme|2024-01-31|1.10000000|11.28|false|2024-01-01|2024-01-02",
                        "d4|Ann|Team One|Sales|Closed Won|Acme|2024-01-20|null|null|true|2024-01-01|2024-01-02",
                        "d5|Ann|Team One|Sales|Closed Won|Acme|2024-01-20|1.00000000|70.00|false|2024-01-01|2024-01-02",
                        "d8|Bob|Team Two|Sales|Proposal|Acme|2024-02-15|1.20000000|240.00|false|2024-03-01|2024-01-02");
    }

    @Test
    void totalSalesSplitsByProductWithUnallocatedRowsAndCountsEachDealOnce() throws Exception {
        assertThat(rows("select period_start, owner_id, team_id, source_normalized, product_id, product_name, won_deals,"
                + " won_amount_rc, units, line_revenue_rc, discount_amount_rc, fx_missing from reports.total_sales"
                + " order by period_start, owner_id, source_normalized, product_id"))
                .containsExactly(
                        "2024-01-01|o1|t1|website|p1|Widget|0|600.00|2.0000|600.00|0.00|false",
                        "2024-01-01|o1|t1|website|p2|Gadget|0|350.00|1.0000|350.00|50.00|false",
                        "2024-01-01|o1|t1|website|unallocated|Unallocated|2|50.00|0.0000|0.00|0.00|true",
                        "2024-01-01|unassigned|unassigned|unknown|unallocated|Unallocated|1|11.28|0.0000|0.00|0.00|false",
                        "2024-02-01|o2|t2|events|p1|Widget|1|120.00|1.0000|120.00|0.00|false");
        assertThat(rows("select period_start, sum(won_deals), sum(won_amount_rc) from reports.total_sales"
                + " group by all order by 1"))
                .containsExactly("2024-01-01|3|1011.28", "2024-02-01|1|120.00");
    }

    @Test
    void catalogListsTotalSales() throws Exception {
        assertThat(rows("select report_id, title, table_name, default_sort from reports.catalog"))
                .contains("total_sales|Total Sales|reports.total_sales|period_start desc, owner_name");
    }

    @Test
    void sessionTimeZoneDoesNotChangeAnyModel() throws Exception {
        wh = seed(dir); // builds of its own
        vars = vars(dir);
        String snapshot = "select * from core.deal_enriched order by deal_id";
        String report = "select * from reports.total_sales order by all";
        ModelRunner la = new ModelRunner(wh, vars);
        la.sessionSql = "set TimeZone = 'America/Los_Angeles'";
        la.run("la");
        List<String> enrichedLa = rows(snapshot);
        List<String> reportLa = rows(report);

        ModelRunner tokyo = new ModelRunner(wh, vars);
        tokyo.sessionSql = "set TimeZone = 'Asia/Tokyo'";
        tokyo.run("tokyo");

        assertThat(rows(snapshot)).isEqualTo(enrichedLa);
        assertThat(rows(report)).isEqualTo(reportLa).hasSize(5);
    }
}
