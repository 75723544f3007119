package io.crmw.etl.normalize;

import io.crmw.warehouse.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether two warehouses hold the same {@code core.*} rows: each table of one is written to Parquet and compared with
 * the other's by {@code except all} both ways, so a row missing, extra, different or doubled on either side shows.
 */
public final class CoreIdentity {

    private CoreIdentity() {}

    /** Per core table that differs, the differing rows (at most 5 each way); empty when the tables are identical. */
    public static Map<String, List<String>> differences(Warehouse expected, Warehouse actual, Path scratch)
            throws Exception {
        Path dir = Files.createTempDirectory(scratch, "core-identity");
        List<String> tables;
        try (Connection c = expected.connect(); Statement st = c.createStatement()) {
            tables = tables(st);
            for (String t : tables) {
                st.execute("copy core." + t + " to '" + dir.resolve(t + ".parquet") + "' (format parquet)");
            }
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        try (Connection c = actual.connect(); Statement st = c.createStatement()) {
            for (String t : tables) {
                String file = "read_parquet('" + dir.resolve(t + ".parquet") + "')";
                List<String> diff = new ArrayList<>();
                diff.addAll(rows(st, "select 'expected only', * from (select * from " + file
                        + " except all select * from core." + t + ") limit 5"));
                diff.addAll(rows(st, "select 'actual only', * from (select * from core." + t
                        + " except all select * from " + file + ") limit 5"));
                if (!diff.isEmpty()) {
                    out.put(t, diff);
                }
            }
        }
        return out;
    }

    /** The names of the core tables (not views) of the warehouse {@code st} is connected to. */
    public static List<String> tables(Statement st) throws SQLException {
        return rows(st, "select table_name from information_schema.tables where table_schema = 'core'"
                + " and table_type = 'BASE TABLE' order by table_name");
    }

    /** The row count of a core table. */
    public static long count(Warehouse warehouse, String table) throws SQLException {
        try (Connection c = warehouse.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from core." + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> rows(Statement st, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    sb.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(sb.toString());
            }
        }
        return out;
    }
}
