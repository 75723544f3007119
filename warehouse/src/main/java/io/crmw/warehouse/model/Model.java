package io.crmw.warehouse.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SQL model file {@code models/<schema>/<table>.sql}: a single SELECT that builds {@code <schema>.<table>},
 * preceded by a header comment block:
 * <pre>
 * -- description (one or more lines)
 * -- grain: one row per ...
 * -- unique: col_a, col_b
 * -- test name: select ... returning offending rows
 * -- not_null: col_a, col_b
 * -- accepted_values: col_c in ('x', 'y')
 * -- relationships: col_d -> core.owner.owner_id except ('unassigned')
 * -- warn name: select ... returning rows worth a warning
 * -- materialized: view
 * -- incremental by key deal_id
 * -- incremental by period period_start: select ... the periods that the deals in changed_deal touch
 * -- incremental by delta: transitions, amount_rc
 * </pre>
 * The not_null, accepted_values and relationships lines are {@link ColumnTest}s (each may be repeated); together with
 * the unique key they are the generic tests, the {@code test} lines the model's own.
 * {@code materialized: view} (default {@code table}) builds a view instead of a table: for a wide derived grain
 * that is cheap to compute on read from a compact table (core.deal_snapshot_daily over core.deal_state_interval)
 * and too big to store. Put the data tests of a view on the table under it: they would expand the whole view.
 * A {@code warn} is a data test that never fails the build: its rows are reported with the transform's result (two
 * CRMs disagreeing on a rate is worth knowing, not worth keeping yesterday's reports).
 * {@code incremental} says how the runner may rebuild only what changed ({@link Incremental}); without it the model is
 * rebuilt in full whenever one of its inputs changed.
 */
record Model(String schema, String table, String resource, String sql, String description, String grain,
             List<String> uniqueKey, Map<String, String> tests, Map<String, String> warnings,
             List<ColumnTest> columnTests, boolean view, Incremental incremental) {

    /**
     * How a model is rebuilt when only some deals changed (their ids in the temp table {@code changed_deal}): its rows
     * whose {@code column} is in the slice are deleted and selected again. {@code by key deal_id}: the slice is the
     * changed deals; {@code by key deal_id: <query>} adds the deals the query returns to the changed deals of the whole
     * build, before anything is built (the other deals of a customer whose first won deal may have changed); {@code by key
     * <column>: <query>} on another column slices like a period (an account's rows, say), and {@code by key (<column>,
     * <column>, ...): <query returning as many columns>} by their combination (one funnel row group). {@code by period <column>:
     * <query>}: the slice is what the query returns, run before the build (the periods the changed deals were in) and again after the model's inputs were rebuilt (the periods
     * they are in now), so a deal that moved between periods rebuilds both. The model's SQL may narrow its inputs to
     * the slice with {@code ${in_slice(<expression>)}} (true in a full build); the runner filters the result on
     * {@code column} either way. {@code by delta: <measure>, <measure>, ...}: the model is a sum over deals, one row per
     * unique key ({@code column} is that key), and its {@code ${in_slice(<table>.deal_id)}} narrows it to some deals;
     * the runner selects the changed deals' rows before their inputs are rebuilt and again after, and adds the
     * difference to the rows of the keys they touch instead of selecting those again ({@link #measures}: sums and
     * counts, one of them counting what makes a row, as a row whose measures all come to 0 is gone; a null measure
     * makes that build a full one). Every other column that is not in the key must follow from the key, its nulls
     * too (a name); a deal's rows may depend only on that deal's rows in what the model reads (the deal tables and the
     * models built per deal), and what it reads must be models: the sync has already rewritten a source table, so a
     * model reading a changed one is rebuilt in full.
     */
    record Incremental(String kind, String column, String sliceSql, List<String> measures) {
        static final Pattern DIRECTIVE = Pattern.compile(
                "incremental\\s+by\\s+(key|period)\\s+([a-z_][a-z0-9_]*|\\([a-z0-9_,\\s]+\\))\\s*(?::\\s*(.+))?");
        static final Pattern DELTA = Pattern.compile("incremental\\s+by\\s+delta\\s*:\\s*([a-z_][a-z0-9_]*(?:\\s*,\\s*[a-z_][a-z0-9_]*)*)");

        static Incremental parse(String resource, String body) {
            Matcher d = DELTA.matcher(body);
            if (d.matches()) {
                return new Incremental("delta", null, null, List.of(d.group(1).strip().split("\\s*,\\s*")));
            }
            Matcher m = DIRECTIVE.matcher(body);
            if (!m.matches()) {
                throw new IllegalArgumentException(resource + ": write 'incremental by key deal_id', 'incremental by key"
                        + " <column>: <query>', 'incremental by period <column>: <query>' (the query returns the"
                        + " column's values for the deals in changed_deal) or 'incremental by delta: <measure>, ...',"
                        + " not: " + body);
            }
            if (m.group(1).equals("key") && m.group(2).equals("deal_id")) {
                return new Incremental("key", "deal_id", m.group(3) == null ? null : m.group(3).strip(), List.of());
            }
            if (m.group(3) == null) {
                throw new IllegalArgumentException(resource + ": 'incremental by " + m.group(1) + " " + m.group(2)
                        + "' needs ': <query>' returning the " + m.group(2) + " values of the deals in changed_deal");
            }
            String columns = m.group(2).startsWith("(") ? m.group(2).substring(1, m.group(2).length() - 1).strip()
                    : m.group(2);
            return new Incremental("period", columns, m.group(3).strip(), List.of());
        }

        /** True when the slice is the values a query returns (before and after), not the changed deals themselves. */
        boolean byPeriod() {
            return kind.equals("period");
        }

        /** True when the changed deals' old rows are subtracted and their new rows added ({@link #measures}). */
        boolean byDelta() {
            return kind.equals("delta");
        }
    }

    /** An {@code ${in_slice(...)}} of a deal id, which a {@code by delta} model narrows its deals with. */
    private static final Pattern DEAL_SLICE = Pattern.compile("\\$\\{in_slice\\(\\s*(?:[a-z_][a-z0-9_]*\\.)?deal_id\\s*\\)}");

    private static final Pattern TEST = Pattern.compile("(test|warn)\\s+([A-Za-z0-9_]+)\\s*:\\s*(.+)");

    String name() {
        return schema + "." + table;
    }

    static Model parse(String resource, String schema, String table, String text) {
        StringBuilder description = new StringBuilder();
        String grain = null;
        List<String> unique = new ArrayList<>();
        Map<String, String> tests = new LinkedHashMap<>();
        List<ColumnTest> columnTests = new ArrayList<>();
        Map<String, String> warnings = new LinkedHashMap<>();
        boolean view = false;
        Incremental incremental = null;
        for (String line : text.split("\\R")) {
            String t = line.strip();
            if (t.isEmpty()) {
                continue;
            }
            if (!t.startsWith("--")) {
                break;
            }
            String body = t.substring(2).strip();
            Matcher m = TEST.matcher(body);
            if (body.startsWith("grain:")) {
                grain = body.substring("grain:".length()).strip();
            } else if (body.startsWith("unique:")) {
                for (String col : body.substring("unique:".length()).split(",")) {
                    if (!col.isBlank()) {
                        unique.add(col.strip());
                    }
                }
            } else if (body.startsWith("not_null:")) {
                columnTests.addAll(ColumnTest.notNull(resource, body.substring("not_null:".length())));
            } else if (body.startsWith("accepted_values:")) {
                columnTests.add(ColumnTest.acceptedValues(resource, body.substring("accepted_values:".length())));
            } else if (body.startsWith("relationships:")) {
                columnTests.add(ColumnTest.relationship(resource, body.substring("relationships:".length())));
            } else if (body.startsWith("materialized:")) {
                String kind = body.substring("materialized:".length()).strip();
                if (!kind.equals("view") && !kind.equals("table")) {
                    throw new IllegalArgumentException(resource + ": materialized must be table or view, not " + kind);
                }
                view = kind.equals("view");
            } else if (body.startsWith("incremental ")) {
                incremental = Incremental.parse(resource, body);
            } else if (m.matches()) {
                (m.group(1).equals("warn") ? warnings : tests).put(m.group(2), m.group(3).strip());
            } else {
                description.append(description.length() == 0 ? "" : " ").append(body);
            }
        }
        if (incremental != null && incremental.byDelta()) {
            if (unique.isEmpty()) {
                throw new IllegalArgumentException(resource + ": 'incremental by delta' adds rows up by their key:"
                        + " declare it with '-- unique: <columns>'");
            }
            for (String measure : incremental.measures()) {
                if (unique.contains(measure)) {
                    throw new IllegalArgumentException(resource + ": 'incremental by delta' names " + measure
                            + ", a column of the unique key; name the columns that add up");
                }
            }
            if (!DEAL_SLICE.matcher(text).find()) {
                throw new IllegalArgumentException(resource + ": 'incremental by delta' selects the changed deals' rows:"
                        + " narrow the deals with ${in_slice(<table>.deal_id)}");
            }
            incremental = new Incremental("delta", String.join(", ", unique), null, incremental.measures());
        }
        String sql = text.strip();
        while (sql.endsWith(";")) {
            sql = sql.substring(0, sql.length() - 1).strip();
        }
        return new Model(schema, table, resource, sql, description.toString(), grain, List.copyOf(unique), tests,
                warnings, List.copyOf(columnTests), view, incremental);
    }
}
