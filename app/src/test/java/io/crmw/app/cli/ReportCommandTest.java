package io.crmw.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.app.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code crmw report} against a small published warehouse built here with plain DuckDB SQL: a monthly report
 * (all conformed columns), a snapshot report (as_of_date, no team) and one without team or source columns.
 */
class ReportCommandTest {

    @TempDir
    static Path dir;
    static Path configFile;

    @BeforeAll
    static void publishedWarehouse() throws Exception {
        Path published = dir.resolve("published/w.duckdb");
        Files.createDirectories(published.getParent());
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + published); Statement st = c.createStatement()) {
            st.execute("create schema reports");
            st.execute("""
                    create table reports.catalog as select * from (values
                      ('total_sales', 'Total Sales', 'reports.total_sales', 'one row per (period_start, owner_id, source_system)',
                       'period_start, owner_name, team_name, source_system', 'period_start desc, owner_name', 'Won deals.'),
                      ('pipeline_snapshot', 'Pipeline', 'reports.pipeline_snapshot', 'one row per (as_of_date, owner_id)',
                       'as_of_date, owner_name', 'as_of_date desc, owner_name', 'Open deals per day.'),
                      ('goals', 'Sales Goals', 'reports.goals', 'one row per (period_start, owner_id)',
                       'period_start, owner_name', 'period_start desc, owner_name, no_such_column', 'Goals.')
                    ) as t(report_id, title, table_name, grain, dimensions, default_sort, description)""");
            st.execute("""
                    create table reports.total_sales as select * from (values
                      (date '2024-01-01', 'month', 'o1', 'Alice Ames', 't1', 'East', 'hubspot-a', 2::bigint, 1500.00::decimal(18,2)),
                      (date '2024-01-01', 'month', 'o2', 'Bob Burns', 't2', 'West', 'hubspot-a', 1::bigint, 700.50::decimal(18,2)),
                      (date '2024-02-01', 'month', 'o1', 'Alice Ames', 't1', 'East', 'pipedrive-b', 3::bigint, 2200.00::decimal(18,2)),
                      (date '2024-02-01', 'month', 'o2', 'Bob Burns', 't2', 'West', 'hubspot-a', 1::bigint, 99.99::decimal(18,2)),
                      (date '2024-03-01', 'month', 'o3', 'Cy, "the" Closer', 't1', 'East', 'hubspot-a', 1::bigint, 10.00::decimal(18,2))
                    ) as t(period_start, period_grain, owner_id, owner_name, team_id, team_name, source_system, won_deals, won_amount_rc)""");
            st.execute("""
                    create table reports.pipeline_snapshot as select * from (values
                      (date '2024-03-10', date '2024-03-01', 'o1', 'Alice Ames', 'hubspot-a', 4::bigint),
                      (date '2024-03-11', date '2024-03-01', 'o1', 'Alice Ames', 'hubspot-a', 5::bigint),
                      (date '2024-03-11', date '2024-03-01', 'o2', 'Bob Burns', 'hubspot-a', 2::bigint)
                    ) as t(as_of_date, period_start, owner_id, owner_name, source_system, deal_cnt)""");
            st.execute("""
                    create table reports.goals as select * from (values
                      (date '2024-01-01', 'o1', 'Alice Ames', 1000.00::decimal(18,2), 1.5::double),
                      (date '2024-01-01', 'o2', 'Bob Burns', 0.00::decimal(18,2), null::double)
                    ) as t(period_start, owner_id, owner_name, target, attainment)""");
        }
        configFile = dir.resolve("crmw.yml");
        Files.writeString(configFile, """
                crmw:
                  warehouse: %s
                  published: %s
                  sources: []
                """.formatted(dir.resolve("w.duckdb"), published));
    }


    private static Cli.Run run(String... args) {
        String[] full = new String[args.length + 2];
        System.arraycopy(args, 0, full, 0, args.length);
        full[args.length] = "--config";
        full[args.length + 1] = configFile.toString();
        return Cli.run(full);
    }

    private static Cli.Run ok(String... args) {
        Cli.Run r = run(args);
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        return r;
    }

    /** Exit 2 and exactly one line on stderr, without a stack trace. */
    private static String fails(String... args) {
        Cli.Run r = run(args);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).startsWith("crmw: ").doesNotContain("Exception");
        return r.err().strip();
    }

    @Test
    void listsEveryCatalogReportWithIdTitleAndGrain() {
        assertThat(ok("report", "--list").out().lines()).containsExactly(
                "report_id          title        grain",
                "-----------------  -----------  ---------------------------------------------------",
                "goals              Sales Goals  one row per (period_start, owner_id)",
                "pipeline_snapshot  Pipeline     one row per (as_of_date, owner_id)",
                "total_sales        Total Sales  one row per (period_start, owner_id, source_system)",
                "(3 rows)");
        assertThat(ok("report", "--format", "csv").out().lines()).containsExactly(
                "report_id,title,grain",
                "goals,Sales Goals,\"one row per (period_start, owner_id)\"",
                "pipeline_snapshot,Pipeline,\"one row per (as_of_date, owner_id)\"",
                "total_sales,Total Sales,\"one row per (period_start, owner_id, source_system)\"");
    }

    @Test
    void printsAReportAsATableInTheCatalogsDefaultSort() {
        assertThat(ok("report", "total_sales").out().lines()).containsExactly(
                "period_start  period_grain  owner_id  owner_name        team_id  team_name  source_system  won_deals  won_amount_rc",
                "------------  ------------  --------  ----------------  -------  ---------  -------------  ---------  -------------",
                "2024-03-01    month         o3        Cy, \"the\" Closer  t1       East       hubspot-a              1          10.00",
                "2024-02-01    month         o1        Alice Ames        t1       East       pipedrive-b            3        2200.00",
                "2024-02-01    month         o2        Bob Burns         t2       West       hubspot-a              1          99.99",
                "2024-01-01    month         o1        Alice Ames        t1       East       hubspot-a              2        1500.00",
                "2024-01-01    month         o2        Bob Burns         t2       West       hubspot-a              1         700.50",
                "(5 rows)");
    }

    @Test
    void csvWithDateOwnerTeamAndSourceFilters() {
        String header = "period_start,period_grain,owner_id,owner_name,team_id,team_name,source_system,won_deals,won_amount_rc";
        assertThat(ok("report", "total_sales", "--from", "2024-02-01", "--to", "2024-02-29", "--owner", "alice AMES",
                "--format", "csv").out().lines())
                .containsExactly(header, "2024-02-01,month,o1,Alice Ames,t1,East,pipedrive-b,3,2200.00");
        assertThat(ok("report", "total_sales", "--owner", "O2", "--to", "2024-01-31", "--format", "csv").out().lines())
                .containsExactly(header, "2024-01-01,month,o2,Bob Burns,t2,West,hubspot-a,1,700.50");
        assertThat(ok("report", "total_sales", "--team", "east", "--source", "HUBSPOT-A", "--format", "csv").out().lines())
                .containsExactly(header,
                        "2024-03-01,month,o3,\"Cy, \"\"the\"\" Closer\",t1,East,hubspot-a,1,10.00",
                        "2024-01-01,month,o1,Alice Ames,t1,East,hubspot-a,2,1500.00");
        assertThat(ok("report", "total_sales", "--team", "t2", "--from", "2024-02-01", "--format", "csv").out().lines())
                .containsExactly(header, "2024-02-01,month,o2,Bob Burns,t2,West,hubspot-a,1,99.99");
    }

    @Test
    void jsonWithUserSortAndLimit() {
        assertThat(ok("report", "total_sales", "--sort", "won_amount_rc:desc", "--limit", "2", "--format", "json").out())
                .isEqualToIgnoringWhitespace("""
                        [ {"period_start":"2024-02-01","period_grain":"month","owner_id":"o1","owner_name":"Alice Ames",
                           "team_id":"t1","team_name":"East","source_system":"pipedrive-b","won_deals":3,"won_amount_rc":2200.00},
                          {"period_start":"2024-01-01","period_grain":"month","owner_id":"o1","owner_name":"Alice Ames",
                           "team_id":"t1","team_name":"East","source_system":"hubspot-a","won_deals":2,"won_amount_rc":1500.00} ]""");
        // several columns, each with its own direction; names are case-insensitive
        assertThat(ok("report", "total_sales", "--sort", "OWNER_NAME, period_start:desc", "--format", "csv").out().lines())
                .extracting(l -> l.split(",")[0] + " " + l.split(",")[2])
                .containsExactly("period_start owner_id", "2024-02-01 o1", "2024-01-01 o1", "2024-02-01 o2",
                        "2024-01-01 o2", "2024-03-01 o3");
        assertThat(ok("report", "goals", "--format", "json").out())
                .contains("\"attainment\" : 1.5").contains("\"attainment\" : null").contains("\"target\" : 0.00");
    }

    @Test
    void periodFiltersPreferThePeriodOverTheSnapshotDate() {
        // pipeline_snapshot has both: the period filter means the period, the latest snapshot is a roll-up's pin
        assertThat(ok("report", "pipeline_snapshot", "--from", "2024-03-01", "--to", "2024-03-01", "--format", "csv").out().lines())
                .hasSize(4);
        assertThat(ok("report", "pipeline_snapshot", "--from", "2024-03-02", "--format", "csv").out().lines())
                .containsExactly("as_of_date,period_start,owner_id,owner_name,source_system,deal_cnt");
    }

    @Test
    void userTextIsBoundNeverSpliced() {
        assertThat(ok("report", "total_sales", "--owner", "x' or '1'='1", "--format", "csv").out().lines()).hasSize(1);
        assertThat(fails("report", "total_sales", "--sort", "owner_name; drop table reports.goals"))
                .contains("report 'total_sales' cannot be sorted by 'owner_name; drop table reports.goals'");
        assertThat(ok("report", "goals", "--format", "csv").out().lines()).hasSize(3);
    }

    @Test
    void unknownReportUnsupportedFilterBadSortAndBadDateEachEndWithOneLine() {
        assertThat(fails("report", "nope"))
                .isEqualTo("crmw: unknown report 'nope'; the reports are: goals, pipeline_snapshot, total_sales"
                        + " (see `crmw report --list`)");
        assertThat(fails("report", "goals", "--source", "hubspot-a"))
                .isEqualTo("crmw: --source: report 'goals' has no source_system column; accepts from, to, owner, grain");
        assertThat(fails("report", "pipeline_snapshot", "--team", "East"))
                .isEqualTo("crmw: --team: report 'pipeline_snapshot' has no team_id or team_name column;"
                        + " accepts from, to, owner, source, grain");
        assertThat(fails("report", "total_sales", "--sort", "revenue:desc"))
                .contains("cannot be sorted by 'revenue:desc': no such column")
                .contains("period_start, period_grain, owner_id");
        assertThat(fails("report", "total_sales", "--sort", "owner_name:up")).contains("asc or desc");
        assertThat(fails("report", "total_sales", "--from", "2024-02-30")).isEqualTo("crmw: --from: '2024-02-30' is not a date; accepts YYYY-MM-DD, e.g. 2024-01-31");
    }
}
