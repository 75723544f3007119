package io.crmw.app.cli;

import java.io.PrintStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import tools.jackson.databind.ObjectMapper;
import io.crmw.app.reports.ResultTable;

/** Prints a query result as an aligned table, CSV (RFC 4180) or a JSON array of objects. */
final class ResultPrinter {
    enum Format { table, csv, json }

    private static final ObjectMapper JSON = new ObjectMapper();

    private ResultPrinter() {}

    static int print(ResultSet rs, Format format, PrintStream out) throws SQLException {
        return print(ResultTable.of(rs), format, out);
    }

    static int print(ResultTable result, Format format, PrintStream out) {
        switch (format) {
            case table -> table(result.names(), result.rows(), out);
            case csv -> result.writeCsv(out);
            case json -> out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result.jsonObjects()));
        }
        return result.rows().size();
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

    private static String text(Object v) {
        return ResultTable.text(v);
    }

    private static String pad(String s, int width, boolean right) {
        if (s.length() > width) {
            return s.substring(0, width - 1) + "…";
        }
        String spaces = " ".repeat(width - s.length());
        return right ? spaces + s : s + spaces;
    }
}
