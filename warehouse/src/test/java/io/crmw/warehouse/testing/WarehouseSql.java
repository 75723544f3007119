package io.crmw.warehouse.testing;

import io.crmw.warehouse.Warehouse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Statements run on a test warehouse, and query answers as {@code a|b|c} lines (nulls as {@code null}). */
public final class WarehouseSql {
    private WarehouseSql() {}

    public static void exec(Warehouse wh, String... sqls) throws Exception {
        try (Connection c = wh.connect(); Statement st = c.createStatement()) {
            for (String sql : sqls) {
                st.execute(sql);
            }
        }
    }

    public static List<String> rows(Warehouse wh, String sql) throws Exception {
        try (Connection c = wh.connect()) {
            return rows(c, sql);
        }
    }

    /** As {@link #rows(Warehouse, String)}, on a connection of the caller's (say, inside its transaction). */
    public static List<String> rows(Connection c, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> cells = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    cells.add(rs.getString(i));
                }
                out.add(String.join("|", cells));
            }
        }
        return out;
    }
}
