package io.crmw.etl.normalize;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.duckdb.DuckDBAppender;

/**
 * How a {@link CoreRow} record class lines up with its {@code core.<table>} columns: one accessor per column
 * in table order (or none: the column is written as null). Built once per (table, record class) from
 * {@code information_schema}, so the DDL stays the contract: a record component without a column fails fast.
 */
final class RowLayout {

    private static final MethodType AS_OBJECT = MethodType.methodType(Object.class, Object.class);

    private record Slot(String column, String type, int scale, MethodHandle accessor) {}

    private final String table;
    private final List<Slot> slots;

    private RowLayout(String table, List<Slot> slots) {
        this.table = table;
        this.slots = slots;
    }

    static RowLayout of(Connection conn, String table, Class<? extends CoreRow> rowClass) throws SQLException {
        Map<String, MethodHandle> accessors = new HashMap<>();
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        for (RecordComponent rc : rowClass.getRecordComponents()) {
            try {
                accessors.put(snake(rc.getName()), lookup.unreflect(rc.getAccessor()).asType(AS_OBJECT));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("record " + rowClass.getName() + " must be public", e);
            }
        }
        List<Slot> slots = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("""
                select column_name, data_type, coalesce(numeric_scale, 0)
                from information_schema.columns
                where table_schema = 'core' and table_name = ?
                order by ordinal_position""")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String column = rs.getString(1);
                    slots.add(new Slot(column, rs.getString(2).toUpperCase(Locale.ROOT), rs.getInt(3),
                            accessors.remove(column)));
                }
            }
        }
        if (slots.isEmpty()) {
            throw new IllegalStateException("core." + table + " does not exist; run the warehouse migrations");
        }
        if (!accessors.isEmpty()) {
            throw new IllegalStateException("core." + table + " lacks columns " + accessors.keySet() + " that "
                    + rowClass.getSimpleName() + " writes; add them to the core migration");
        }
        return new RowLayout(table, slots);
    }

    /** Appends one row in table column order. */
    void append(DuckDBAppender appender, CoreRow row) throws SQLException {
        appender.beginRow();
        for (Slot slot : slots) {
            Object v = read(slot, row);
            if (v == null) {
                appender.appendNull();
            } else if (v instanceof String s) {
                appender.append(s);
            } else if (v instanceof Boolean b) {
                appender.append(b.booleanValue());
            } else if (v instanceof Integer i) {
                appender.append(i.intValue());
            } else if (v instanceof Long l) {
                appender.append(l.longValue());
            } else if (v instanceof Double d) {
                appender.append(d.doubleValue());
            } else if (v instanceof BigDecimal d) {
                // the Appender rejects a scale other than the column's
                appender.append(d.setScale(slot.scale(), RoundingMode.HALF_UP));
            } else if (v instanceof LocalDate d) {
                appender.append(d);
            } else if (v instanceof Instant t) {
                appender.appendEpochMicros(Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L),
                        t.getNano() / 1_000L));
            } else {
                throw new IllegalStateException("core." + table + "." + slot.column() + ": cannot append a "
                        + v.getClass().getSimpleName());
            }
        }
        appender.endRow();
    }

    private static Object read(Slot slot, CoreRow row) {
        if (slot.accessor() == null) {
            return null;
        }
        try {
            return (Object) slot.accessor().invokeExact((Object) row);
        } catch (Throwable t) {
            throw new IllegalStateException("reading " + slot.column() + " of " + row, t);
        }
    }

    static String snake(String camel) {
        StringBuilder sb = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                sb.append('_').append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
