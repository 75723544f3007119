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
 * {@code sql}, {@code report} and {@code status} need no CRM secret, and {@code sql} cannot reach the machine:
 * no file reads or writes, no extension install, no attach.
 */
class ReadOnlyCommandsTest {

    @TempDir
    static Path dir;
    static Path configFile;
    static Path outside;

    @BeforeAll
    static void warehouseAndAConfigWhoseSecretsAreNotSet() throws Exception {
        Path published = dir.resolve("published/w.duckdb");
        Files.createDirectories(published.getParent());
        for (Path db : new Path[] {published, dir.resolve("w.duckdb")}) {
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db); Statement st = c.createStatement()) {
                st.execute("create schema reports");
                st.execute("create table reports.catalog as select 'total_sales' as report_id, 'Total Sales' as title, "
                        + "'reports.total_sales' as table_name, 'one row per period' as grain, 'period_start' as dimensions, "
                        + "'period_start' as default_sort, 'Won deals.' as description");
                st.execute("create table reports.total_sales as select date '2024-01-01' as period_start, 42 as won_deals");
                st.execute("create schema meta");
                st.execute("create table meta.sync_run (source varchar, started_at timestamp, finished_at timestamp, "
                        + "status varchar, records bigint, error varchar)");
                st.execute("create table meta.stream_run (source varchar, stream varchar, started_at timestamp, "
                        + "finished_at timestamp, status varchar, pages bigint, records bigint, tombstones bigint, "
                        + "warehouse_count bigint, vendor_count bigint, error varchar)");
                st.execute("create table meta.sync_state (source varchar, stream varchar, cursor varchar)");
            }
        }
        outside = dir.resolve("outside.txt");
        Files.writeString(outside, "not for sql\n");
        configFile = dir.resolve("crmw.yml");
        Files.writeString(configFile, """
                crmw:
                  warehouse: %s
                  published: %s
                  sources:
                    - name: hubspot-main
                      type: hubspot
                      base-url: https://api.hubapi.com
                      token: ${CRMW_TEST_UNSET_TOKEN}
                    - name: salesforce-main
                      type: salesforce
                      login-url: https://login.salesforce.com
                      client-id: 3MVG9-consumer-key
                      username: integration@acme.example
                      private-key-file: %s
                """.formatted(dir.resolve("w.duckdb"), published, dir.resolve("no-such-key.pem")));
    }

    private static Cli.Run run(String... args) {
        String[] full = new String[args.length + 2];
        System.arraycopy(args, 0, full, 0, args.length);
        full[args.length] = "--config";
        full[args.length + 1] = configFile.toString();
        return Cli.run(full);
    }

    @Test
    void sqlReportAndStatusRunWithoutTheCrmSecrets() {
        Cli.Run sql = run("sql", "select won_deals from reports.total_sales", "--format", "csv");
        assertThat(sql.err()).isEmpty();
        assertThat(sql.code()).isZero();
        assertThat(sql.out()).contains("won_deals").contains("42");

        Cli.Run report = run("report", "total_sales", "--format", "csv");
        assertThat(report.code()).isZero();
        assertThat(report.out()).contains("42");

        Cli.Run status = run("status");
        assertThat(status.code()).isZero();
        assertThat(status.out()).contains("last run per source");

        // sync does need them, and says which
        Cli.Run sync = run("sync");
        assertThat(sync.code()).isEqualTo(2);
        assertThat(sync.err()).contains("crmw.sources[0].token: environment variable CRMW_TEST_UNSET_TOKEN is not set");
    }

    @Test
    void copyToAFileFailsWithOneLineAndWritesNothing() {
        Path target = dir.resolve("x.csv");
        Cli.Run copy = run("sql", "copy (select 1) to '" + target + "'");
        assertThat(copy.code()).isEqualTo(1);
        assertThat(copy.err().lines()).hasSize(1).first().asString().startsWith("crmw: ").contains("read-only");
        assertThat(target).doesNotExist();
    }

    @Test
    void fileReadsExportInstallAndAttachAllFail() {
        Path exported = dir.resolve("export");
        for (String query : new String[] {
                "select * from read_csv('" + outside + "')",
                "select * from read_text('/etc/passwd')",
                "export database '" + exported + "'",
                "install httpfs",
                "load httpfs",
                "attach '" + dir.resolve("other.duckdb") + "' as other",
                "set enable_external_access = true",
                "set lock_configuration = false"}) {
            Cli.Run r = run("sql", query);
            assertThat(r.code()).as(query).isEqualTo(1);
            assertThat(r.err().lines()).as(query).hasSize(1);
            assertThat(r.err()).as(query).startsWith("crmw: crmw sql is read-only");
            assertThat(r.out()).as(query).doesNotContain("not for sql").doesNotContain("root:");
        }
        assertThat(exported).doesNotExist();
        assertThat(dir.resolve("other.duckdb")).doesNotExist();
    }
}
