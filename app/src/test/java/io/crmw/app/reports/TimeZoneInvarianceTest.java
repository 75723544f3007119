package io.crmw.app.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.app.config.CrmwConfig;
import io.crmw.app.e2e.PipelineHarness;
import io.crmw.etl.pipeline.TransformSettings;
import io.crmw.warehouse.Sql;
import io.crmw.warehouse.Warehouse;
import io.crmw.warehouse.model.ModelRunner;
import io.crmw.warehouse.publish.Publisher;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3: "Rebuilding the reports under a different DuckDB session TimeZone gives identical tables". Copies the
 * shared synced warehouse three times, rebuilds every model under the session zones UTC, Pacific/Kiritimati
 * (UTC+14) and America/Adak (UTC-10/-9) with the same variables, and compares every {@code reports.*} table
 * with the UTC build in both directions (EXCEPT ALL, so duplicates count). It iterates over whatever report
 * tables exist, so each new report model is covered as it lands. DOUBLE/REAL columns are compared rounded to
 * 9 decimals (a parallel float sum may differ in its last bit); every other type must be equal exactly.
 */
class TimeZoneInvarianceTest {

    static final List<ZoneId> ZONES = List.of(ZoneId.of("UTC"), ZoneId.of("Pacific/Kiritimati"), ZoneId.of("America/Adak"));
    static final int SHOWN = 5;

    @TempDir
    Path dir;

    @Test
    void everyReportTableIsIdenticalWhateverTheSessionTimeZone() throws Exception {
        PipelineHarness harness = SyncedBusiness.get().warehouse();
        CrmwConfig cfg = harness.config;
        // one set of variables (as_of_date included) for every build
        Map<String, String> vars = new TransformSettings(cfg.reportingCurrency(), cfg.reportingTimeZone(),
                cfg.referenceDir(), cfg.published()).modelVariables();
        Warehouse synced = harness.engine().bean(Warehouse.class);

        List<String> aliases = new ArrayList<>();
        for (ZoneId zone : ZONES) {
            String alias = "tz_" + aliases.size();
            Path copy = dir.resolve(alias + ".duckdb");
            Publisher.publish(synced, copy);
            try (Warehouse wh = Warehouse.open(copy)) {
                new ModelRunner(wh, vars).sessionTimeZone(zone).run("timezone-" + zone.getId());
            }
            aliases.add(alias);
        }

        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("set TimeZone = 'UTC'");
            for (String alias : aliases) {
                st.execute("attach " + Sql.literal(dir.resolve(alias + ".duckdb").toString()) + " as " + alias
                        + " (read_only)");
            }
            String utc = aliases.get(0);
            TreeSet<String> tables = reportTables(st, utc);
            assertThat(tables).contains("catalog", "total_sales");
            List<String> differences = new ArrayList<>();
            for (int i = 1; i < aliases.size(); i++) {
                String other = aliases.get(i);
                assertThat(reportTables(st, other)).as("report tables built under " + ZONES.get(i)).isEqualTo(tables);
                for (String table : tables) {
                    String cols = comparableColumns(st, utc, table);
                    String a = "select " + cols + " from " + utc + ".reports." + Sql.ident(table);
                    String b = "select " + cols + " from " + other + ".reports." + Sql.ident(table);
                    differ(st, "only in the UTC build", a + " except all " + b, table, ZONES.get(i), differences);
                    differ(st, "only in the " + ZONES.get(i) + " build", b + " except all " + a, table, ZONES.get(i),
                            differences);
                }
            }
            assertThat(differences).as("report rows that depend on the session TimeZone").isEmpty();
        }
    }

    private static TreeSet<String> reportTables(Statement st, String alias) throws SQLException {
        TreeSet<String> out = new TreeSet<>();
        try (ResultSet rs = st.executeQuery("select table_name from information_schema.tables where table_catalog = "
                + Sql.literal(alias) + " and table_schema = 'reports'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** The select list: every column, floating-point ones rounded. */
    private static String comparableColumns(Statement st, String alias, String table) throws SQLException {
        List<String> cols = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("select column_name, data_type from information_schema.columns"
                + " where table_catalog = " + Sql.literal(alias) + " and table_schema = 'reports' and table_name = "
                + Sql.literal(table) + " order by ordinal_position")) {
            while (rs.next()) {
                String col = Sql.ident(rs.getString(1));
                String type = rs.getString(2).toUpperCase();
                cols.add(type.equals("DOUBLE") || type.equals("FLOAT") || type.equals("REAL")
                        ? "round(" + col + ", 9) as " + col : col);
            }
        }
        return String.join(", ", cols);
    }

    private static void differ(Statement st, String side, String sql, String table, ZoneId zone, List<String> out)
            throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            List<String> shown = new ArrayList<>();
            long count = 0;
            while (rs.next()) {
                if (++count <= SHOWN) {
                    List<String> cells = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        cells.add(rs.getMetaData().getColumnLabel(i) + "=" + rs.getString(i));
                    }
                    shown.add("  {" + String.join(", ", cells) + "}");
                }
            }
            if (count > 0) {
                out.add("reports." + table + " under " + zone + ": " + count + " row(s) " + side + ":\n"
                        + String.join("\n", shown));
            }
        }
    }
}
