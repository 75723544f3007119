package io.crmw.app.cli;

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

/** Prints a query result as an aligned table, CSV (RFC 4180) or a JSON array of objects. */
final class ResultPrinter {
    enum Format { table, csv, json }

    private static final ObjectMapper JSON = new ObjectMapper();

    private ResultPrinter() {}

    static int print(ResultSet rs, Format format, PrintStream out) throws SQLException {
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
        switch (format) {
            case table -> table(names, rows, out);
            case csv -> csv(names, rows, out);
            case json -> json(names, rows, out);
        }
        return rows.size();
    }

    private static void table(List<String> names, List<Object[]> rows, PrintStream out) {
        int[] width = new int[names.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = names.get(i).length();
        }
        for (Object[] row : rows) {
            for (int i = 0; i < width.length; i++) {
                width[i] = Math.min(60, Math.max(width[i], text(row[i]).length()));
            }
        }
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
            line.append(i == 0 ? "" : "  ").append(pad(names.get(i), width[i], false));
        }
        out.println(line.toString().stripTrailing());
        line.setLength(0);
        for (int i = 0; i < width.length; i++) {
            line.append(i == 0 ? "" : "  ").append("-".repeat(width[i]));
        }
        out.println(line);
        for (Object[] row : rows) {
            line.setLength(0);
            for (int i = 0; i < width.length; i++) {
                line.append(i == 0 ? "" : "  ").append(pad(text(row[i]), width[i], row[i] instanceof Number));
            }
            out.println(line.toString().stripTrailing());
        }
        out.println("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
    }

    private static void csv(List<String> names, List<Object[]> rows, PrintStream out) {
        out.println(String.join(",", names.stream().map(ResultPrinter::csvField).toList()));
        for (Object[] row : rows) {
            List<String> fields = new ArrayList<>();
            for (Object v : row) {
                fields.add(v == null ? "" : csvField(text(v)));
            }
            out.println(String.join(",", fields));
        }
    }

    private static void json(List<String> names, List<Object[]> rows, PrintStream out) {
        ArrayNode array = JSON.createArrayNode();
        for (Object[] row : rows) {
            ObjectNode o = array.addObject();
            for (int i = 0; i < names.size(); i++) {
                Object v = row[i];
                if (v == null) {
                    o.putNull(names.get(i));
                } else if (v instanceof BigDecimal d) {
                    o.put(names.get(i), d);
                } else if (v instanceof Long || v instanceof Integer || v instanceof Short) {
                    o.put(names.get(i), ((Number) v).longValue());
                } else if (v instanceof Double || v instanceof Float) {
                    o.put(names.get(i), ((Number) v).doubleValue());
                } else if (v instanceof Boolean b) {
                    o.put(names.get(i), b);
                } else {
                    o.put(names.get(i), text(v));
                }
            }
        }
        out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(array));
    }

    private static String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return v.toString();
    }

    private static String pad(String s, int width, boolean right) {
        if (s.length() > width) {
            return s.substring(0, width - 1) + "…";
        }
        String spaces = " ".repeat(width - s.length());
        return right ? spaces + s : s + spaces;
    }

    private static String csvField(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
