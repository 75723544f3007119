package io.crmw.app.reports;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * One report as {@code reports.catalog} declares it: its table, which columns are dimensions, which measures are
 * summed (or taken as min/max), which ratios are recomputed from a numerator and a denominator, which columns are
 * detail only, which dimensions are pinned to one value in a roll-up, and the default view that answers its question.
 *
 * @param columns the table's columns, keyed by lower-case name, in table order
 * @param types   the table's column types (DuckDB names), keyed by lower-case name
 */
public record ReportSpec(String id, String title, String table, String group, String grain, String description,
                         List<String> dimensions, List<Measure> measures, List<Ratio> ratios, List<String> details,
                         Map<String, String> pinned, String defaultSort, JsonNode defaultView,
                         Map<String, String> columns, Map<String, String> types) {

    /** An additive column: {@code sum}, or {@code min}/{@code max} for first/last dates. */
    public record Measure(String column, String aggregate) {}

    /** {@code column = factor * num / den}, recomputed from the summed parts, never averaged. */
    public record Ratio(String column, double factor, String numerator, String denominator) {}

    public boolean declaresRollUp() {
        return !measures.isEmpty() || !ratios.isEmpty();
    }

    public Optional<String> column(String name) {
        return Optional.ofNullable(columns.get(name.toLowerCase(Locale.ROOT)));
    }

    public boolean isDimension(String name) {
        return dimensions.stream().anyMatch(d -> d.equalsIgnoreCase(name));
    }

    /** The column {@code from}/{@code to} filter: period_start, else cohort_period_start, else as_of_date. */
    public Optional<String> dateColumn() {
        return column("period_start").or(() -> column("cohort_period_start")).or(() -> column("as_of_date"));
    }

    public String schema() {
        return schemaOf(table);
    }

    public String tableName() {
        return tableOf(table);
    }

    /** The schema of a catalog table name ({@code reports} when it names none). */
    static String schemaOf(String table) {
        return table.contains(".") ? table.substring(0, table.indexOf('.')) : "reports";
    }

    static String tableOf(String table) {
        return table.substring(table.indexOf('.') + 1);
    }
}
