package io.crmw.warehouse.model;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A generic data test declared on one column in a model's header, like dbt's schema tests. Each is a query for the
 * offending rows, run with the model's other data tests:
 * <pre>
 * -- not_null: period_start, owner_id
 * -- accepted_values: period_grain in ('day', 'week', 'month')
 * -- relationships: owner_id -> core.owner.owner_id except ('unassigned')
 * -- relationships: owner_id -> core.owner.owner_id where source_system in (select source_system from core.owner)
 * </pre>
 * Null passes {@code accepted_values} and {@code relationships} (only {@code not_null} rejects it); the values in a
 * relationship's {@code except (…)} are sentinels the model writes on purpose ('unassigned', 'unknown'), and its
 * {@code where} predicate (on the model's rows, as dbt's {@code where} config) limits the rows checked, e.g. to the
 * sources that sync the parent at all: a source configured without its owners stream has owner ids but no owners.
 */
sealed interface ColumnTest {

    Pattern IDENT = Pattern.compile("[a-z_][a-z0-9_]*");
    Pattern ACCEPTED = Pattern.compile("([a-z_][a-z0-9_]*)\\s+in\\s*\\((.+)\\)");
    Pattern RELATIONSHIP = Pattern.compile("([a-z_][a-z0-9_]*)\\s*->\\s*([a-z_][a-z0-9_]*)\\.([a-z_][a-z0-9_]*)"
            + "\\.([a-z_][a-z0-9_]*)(?:\\s+except\\s*\\(([^()]+)\\))?(?:\\s+where\\s+(.+))?");
    Pattern LITERAL = Pattern.compile("\\s*('(?:[^']|'')*'|-?[0-9]+(?:\\.[0-9]+)?|true|false)\\s*(?:,|$)");

    String kind();

    String column();

    /** How the test is named in failures: {@code not_null(owner_id)}. */
    String name();

    /** The offending rows of {@code model}, showing the {@code shown} columns (the tested column among them). */
    String sql(String model, List<String> shown);

    /** The column must never be null. */
    record NotNull(String column) implements ColumnTest {
        @Override
        public String kind() {
            return "not_null";
        }

        @Override
        public String name() {
            return "not_null(" + column + ")";
        }

        @Override
        public String sql(String model, List<String> shown) {
            return "select " + String.join(", ", shown) + " from " + model + " where " + column + " is null";
        }
    }

    /** A non-null value must be one of {@code values} (SQL literals). */
    record AcceptedValues(String column, List<String> values) implements ColumnTest {
        @Override
        public String kind() {
            return "accepted_values";
        }

        @Override
        public String name() {
            return "accepted_values(" + column + " in (" + String.join(", ", values) + "))";
        }

        @Override
        public String sql(String model, List<String> shown) {
            return "select " + String.join(", ", shown) + " from " + model + " where " + column + " is not null and "
                    + column + " not in (" + String.join(", ", values) + ")";
        }
    }

    /**
     * A non-null value, unless one of the {@code except} sentinels, must exist in {@code parent.parentColumn}; only on
     * the rows {@code where} selects (null: every row).
     */
    record Relationship(String column, String parent, String parentColumn, List<String> except, String where)
            implements ColumnTest {
        @Override
        public String kind() {
            return "relationships";
        }

        @Override
        public String name() {
            return "relationships(" + column + " -> " + parent + "." + parentColumn
                    + (except.isEmpty() ? "" : " except (" + String.join(", ", except) + ")")
                    + (where == null ? "" : " where " + where) + ")";
        }

        @Override
        public String sql(String model, List<String> shown) {
            List<String> cols = shown.stream().map(c -> "child." + c).toList();
            return "select " + String.join(", ", cols) + " from " + model + " as child where child." + column
                    + " is not null" + (except.isEmpty() ? "" : " and child." + column + " not in ("
                    + String.join(", ", except) + ")")
                    + (where == null ? "" : " and (" + where + ")")
                    + " and not exists (select 1 from " + parent + " as parent where parent." + parentColumn
                    + " = child." + column + ")";
        }
    }

    /** {@code -- not_null: a, b}: one test per column. */
    static List<ColumnTest> notNull(String resource, String body) {
        List<ColumnTest> out = new ArrayList<>();
        for (String col : body.split(",")) {
            out.add(new NotNull(ident(resource, "not_null", col.strip())));
        }
        return out;
    }

    /** {@code -- accepted_values: col in ('a', 'b')}. */
    static ColumnTest acceptedValues(String resource, String body) {
        Matcher m = ACCEPTED.matcher(body.strip());
        if (!m.matches()) {
            throw bad(resource, "accepted_values", body, "<column> in ('a', 'b')");
        }
        return new AcceptedValues(m.group(1), literals(resource, "accepted_values", m.group(2)));
    }

    /** {@code -- relationships: col -> schema.table.column [except ('sentinel')] [where predicate]}. */
    static ColumnTest relationship(String resource, String body) {
        Matcher m = RELATIONSHIP.matcher(body.strip());
        if (!m.matches()) {
            throw bad(resource, "relationships", body,
                    "<column> -> <schema>.<table>.<column> [except ('unassigned')] [where <predicate on the model's rows>]");
        }
        return new Relationship(m.group(1), m.group(2) + "." + m.group(3), m.group(4),
                m.group(5) == null ? List.of() : literals(resource, "relationships", m.group(5)),
                m.group(6) == null ? null : m.group(6).strip());
    }

    private static String ident(String resource, String kind, String col) {
        if (!IDENT.matcher(col).matches()) {
            throw bad(resource, kind, col, "lower-case column names separated by commas");
        }
        return col;
    }

    private static List<String> literals(String resource, String kind, String list) {
        List<String> out = new ArrayList<>();
        Matcher m = LITERAL.matcher(list);
        int at = 0;
        while (at < list.length() && m.find(at) && m.start() == at) {
            out.add(m.group(1));
            at = m.end();
        }
        if (at < list.length() || out.isEmpty()) {
            throw bad(resource, kind, list, "a list of 'quoted' or numeric literals");
        }
        return List.copyOf(out);
    }

    private static IllegalArgumentException bad(String resource, String kind, String text, String expected) {
        return new IllegalArgumentException(resource + ": cannot read '-- " + kind + ": " + text.strip() + "'; expected "
                + expected);
    }
}
