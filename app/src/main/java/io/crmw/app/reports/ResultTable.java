package io.crmw.app.reports;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A query result held as column names and rows, written as CSV (RFC 4180) or JSON the same way by the CLI and the
 * HTTP API, so {@code crmw report … --format csv} and {@code GET /api/reports/…?format=csv} are byte-equal.
 */
public record ResultTable(List<String> names, List<Object[]> rows) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static ResultTable of(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        int n = meta.getColumnCount();
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            names.add(meta.getColumnLabel(i));
        }
        List<Object[]> rows = new ArrayList<>();
        while (rs.next()) {
            Object[] row = new Object[n];
            for (int i = 0; i < n; i++) {
                row[i] = rs.getObject(i + 1);
            }
            rows.add(row);
        }
        return new ResultTable(List.copyOf(names), rows);
    }

    public void writeCsv(PrintStream out) {
        out.print(csv());
    }

    /** RFC 4180 fields, a header line, {@code \n} line ends; null is an empty field, decimals in plain notation. */
    public String csv() {
        StringBuilder s = new StringBuilder();
        line(s, names.toArray());
        rows.forEach(row -> line(s, row));
        return s.toString();
    }

    /** Writes a result set as {@link #csv()} would, one row at a time. */
    public static void writeCsv(ResultSet rs, Appendable out) throws SQLException, java.io.IOException {
        ResultSetMetaData meta = rs.getMetaData();
        int n = meta.getColumnCount();
        Object[] row = new Object[n];
        for (int i = 0; i < n; i++) {
            row[i] = meta.getColumnLabel(i + 1);
        }
        line(out, row);
        while (rs.next()) {
            for (int i = 0; i < n; i++) {
                row[i] = rs.getObject(i + 1);
            }
            line(out, row);
        }
    }

    /** One CSV line: RFC 4180 fields, null as an empty field, decimals in plain notation, {@code \n} at the end. */
    private static void line(Appendable out, Object[] row) {
        try {
            for (int i = 0; i < row.length; i++) {
                out.append(i == 0 ? "" : ",").append(row[i] == null ? "" : csvField(text(row[i])));
            }
            out.append('\n');
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** One JSON object per row, keyed by column name, numbers as numbers. */
    public ArrayNode jsonObjects() {
        ArrayNode array = JSON.createArrayNode();
        for (Object[] row : rows) {
            ObjectNode o = array.addObject();
            for (int i = 0; i < names.size(); i++) {
                put(o, names.get(i), row[i]);
            }
        }
        return array;
    }

    /** One JSON array per row, in column order. */
    public ArrayNode jsonArrays() {
        ArrayNode array = JSON.createArrayNode();
        for (Object[] row : rows) {
            ArrayNode a = array.addArray();
            for (Object v : row) {
                ObjectNode holder = JSON.createObjectNode();
                put(holder, "v", v);
                a.add(holder.get("v"));
            }
        }
        return array;
    }

    static void put(ObjectNode o, String name, Object v) {
        if (v == null) {
            o.putNull(name);
        } else if (v instanceof BigDecimal d) {
            o.put(name, d);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            o.put(name, ((Number) v).longValue());
        } else if (v instanceof java.math.BigInteger b) {
            o.put(name, b);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isFinite(d)) {
                o.put(name, d);
            } else {
                o.putNull(name);
            }
        } else if (v instanceof Boolean b) {
            o.put(name, b);
        } else {
            o.put(name, text(v));
        }
    }

    public static String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return v.toString();
    }

    private static String csvField(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
