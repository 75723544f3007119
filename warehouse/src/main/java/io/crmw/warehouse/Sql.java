package io.crmw.warehouse;

import java.time.Instant;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Quoting and small conversions shared by the warehouse code. */
public final class Sql {

    private Sql() {}

    /** A double-quoted identifier: {@code a"b} becomes {@code "a""b"}. */
    public static String ident(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** A single-quoted SQL string literal, or {@code null}. */
    public static String literal(String value) {
        return value == null ? "null" : "'" + value.replace("'", "''") + "'";
    }

    /** A timestamptz literal expression for an instant, or {@code null}. */
    public static String timestamptz(Instant instant) {
        return instant == null ? "null" : "'" + instant + "'::timestamptz";
    }

    /** Reads a timestamptz column that the query selected as {@code epoch_us(col)}. */
    public static Instant instantFromMicros(ResultSet rs, String column) throws SQLException {
        long micros = rs.getLong(column);
        if (rs.wasNull()) {
            return null;
        }
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    /** Reads a nullable bigint column. */
    public static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    /** Microseconds since the epoch, the unit DuckDB timestamps are stored in. */
    public static long epochMicros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
    }

    /** Current instant truncated to the microsecond DuckDB stores. */
    public static Instant nowMicros() {
        return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    /**
     * Splits a script into statements on {@code ;}, ignoring those inside quotes and {@code --} or
     * {@code /* *}{@code /} comments. Empty statements (only comments/blank) are dropped.
     */
    public static List<String> splitStatements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean meaningful = false;
        int n = script.length();
        for (int i = 0; i < n; i++) {
            char c = script.charAt(i);
            if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
                int end = script.indexOf('\n', i);
                end = end < 0 ? n : end;
                cur.append(script, i, end);
                i = end - 1;
            } else if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
                int end = script.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                cur.append(script, i, end);
                i = end - 1;
            } else if (c == '\'' || c == '"') {
                int j = i + 1;
                while (j < n) {
                    if (script.charAt(j) == c) {
                        if (j + 1 < n && script.charAt(j + 1) == c) {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                int end = Math.min(j + 1, n);
                cur.append(script, i, end);
                meaningful = true;
                i = end - 1;
            } else if (c == ';') {
                if (meaningful) {
                    out.add(cur.toString().trim());
                }
                cur.setLength(0);
                meaningful = false;
            } else {
                cur.append(c);
                if (!Character.isWhitespace(c)) {
                    meaningful = true;
                }
            }
        }
        if (meaningful) {
            out.add(cur.toString().trim());
        }
        return out;
    }

}
