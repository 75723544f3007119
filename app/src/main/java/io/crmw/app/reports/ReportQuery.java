package io.crmw.app.reports;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one place a report is filtered, rolled up and sorted — for {@code crmw report}, the HTTP API and the dashboard.
 * A roll-up groups by the requested dimensions, sums the measures (min/max where declared) and recomputes every
 * ratio as {@code factor * sum(numerator) / sum(denominator)}; detail columns are left out. Pinned dimensions
 * (rows that are alternative views of the same facts: month and quarter rows, attribution models, snapshot dates)
 * are held to their declared value unless the request groups by them or picks a grain. A coarser grain than the
 * table holds is built by truncating the period of a finer one (day → week/month/quarter/year, month →
 * quarter/year). User text reaches the database only as bound parameters; identifiers come from the catalog and
 * {@code information_schema}, quoted.
 */
public final class ReportQuery {
    /** The filters a request may use, with the columns they match. */
    private static final Map<String, List<String>> FILTER_COLUMNS = new LinkedHashMap<>();

    static {
        FILTER_COLUMNS.put("owner", List.of("owner_id", "owner_name"));
        FILTER_COLUMNS.put("team", List.of("team_id", "team_name"));
        FILTER_COLUMNS.put("source", List.of("source_system"));
        FILTER_COLUMNS.put("pipeline", List.of("pipeline_id", "pipeline_name"));
    }

    /** A rolled-up or full-grain answer: the page asked for, the role of each column, and the rows before paging. */
    public record Answer(ReportSpec spec, ResultTable table, List<String> roles, long totalRows, String grain) {}

    /** A select with its bound values. */
    public record Sql(String text, List<String> params, List<String> roles, String grain) {}

    private ReportQuery() {}

    public static Answer run(Connection c, ReportSpec spec, ReportRequest request) throws SQLException {
        Sql sql = build(c, spec, request);
        try (PreparedStatement ps = c.prepareStatement(sql.text())) {
            bind(ps, sql);
            try (ResultSet rs = ps.executeQuery()) {
                ResultTable all = ResultTable.of(rs);
                // the last column is count(*) over (): the number of rows before limit/offset
                int n = all.names().size() - 1;
                long total = all.rows().isEmpty() ? countWithoutPage(c, spec, request) : ((Number) all.rows().get(0)[n]).longValue();
                List<Object[]> rows = new ArrayList<>(all.rows().size());
                for (Object[] row : all.rows()) {
                    rows.add(java.util.Arrays.copyOf(row, n));
                }
                return new Answer(spec, new ResultTable(all.names().subList(0, n), rows), sql.roles(), total, sql.grain());
            }
        }
    }

    private static long countWithoutPage(Connection c, ReportSpec spec, ReportRequest r) throws SQLException {
        if (r.offset() == 0) {
            return 0;
        }
        Answer first = run(c, spec, r.page(r.sort(), 1, 0));
        return first.totalRows();
    }

    /** Which request parameters apply to this report (the dashboard shows only these filters). */
    public static List<String> filters(ReportSpec spec) {
        List<String> out = new ArrayList<>();
        if (spec.dateColumn().isPresent()) {
            out.add("from");
            out.add("to");
        }
        FILTER_COLUMNS.forEach((name, cols) -> {
            if (cols.stream().anyMatch(col -> spec.column(col).isPresent())) {
                out.add(name);
            }
        });
        if (periodColumn(spec).isPresent()) {
            out.add("grain");
        }
        return out;
    }

    public static Sql build(Connection c, ReportSpec spec, ReportRequest r) throws SQLException {
        return build(c, spec, r, true);
    }

    /**
     * Streams the answer as CSV, row by row from DuckDB to {@code out} (an export of millions of rows never sits in
     * memory); the same bytes as {@link ResultTable#csv()} of {@link #run}. {@code prepare} validates the request
     * before anything is written, so a bad parameter is still an error, not half a file.
     */
    public static Sql prepareCsv(Connection c, ReportSpec spec, ReportRequest r) throws SQLException {
        return build(c, spec, r, false);
    }

    public static void writeCsv(Connection c, Sql sql, Appendable out) throws SQLException, java.io.IOException {
        try (PreparedStatement ps = c.prepareStatement(sql.text())) {
            bind(ps, sql);
            try (ResultSet rs = ps.executeQuery()) {
                ResultTable.writeCsv(rs, out);
            }
        }
    }

    private static Sql build(Connection c, ReportSpec spec, ReportRequest r, boolean withRowCount) throws SQLException {
        List<String> where = new ArrayList<>();
        List<String> params = new ArrayList<>();
        filter(spec, r, where, params);

        // the grain: a value the table holds is a filter; a coarser one truncates the finest finer one
        Optional<String> periodColumn = periodColumn(spec);
        Optional<String> grainColumn = spec.column("period_grain");
        String truncateTo = null;
        String grain = null;
        if (r.grain() != null) {
            if (periodColumn.isEmpty()) {
                throw new BadReportRequest("grain", "report '" + spec.id() + "' has no period column", "nothing for this report");
            }
            List<String> held = grainColumn.isPresent() ? grains(c, spec, grainColumn.get()) : List.of("day");
            if (held.contains(r.grain())) {
                grainColumn.ifPresent(g -> {
                    where.add(quote(g) + " = ?");
                    params.add(r.grain());
                });
            } else {
                String base = finerBase(held, r.grain()).orElseThrow(() -> new BadReportRequest("grain",
                        "report '" + spec.id() + "' cannot be shown by " + r.grain(), String.join(", ", reachable(held))));
                if (!r.rollUp()) {
                    throw new BadReportRequest("grain", "a grain the report does not hold (" + r.grain()
                            + ") needs a roll-up: add by (e.g. by=" + periodColumn.get() + ")", String.join(", ", held) + " without by");
                }
                grainColumn.ifPresent(g -> {
                    where.add(quote(g) + " = ?");
                    params.add(base);
                });
                truncateTo = r.grain();
            }
            grain = r.grain();
        }

        StringBuilder sql = new StringBuilder();
        List<String> roles = new ArrayList<>();
        List<String> outputColumns = new ArrayList<>();
        String table = quote(spec.schema()) + "." + quote(spec.tableName());
        if (!r.rollUp()) {
            sql.append("select *");
            for (String col : spec.columns().values()) {
                outputColumns.add(col);
                roles.add(role(spec, col));
            }
        } else {
            if (!spec.declaresRollUp()) {
                throw new BadReportRequest("by", "report '" + spec.id() + "' declares no measures in reports.catalog",
                        "nothing until `crmw transform` rebuilds the catalog");
            }
            List<String> select = new ArrayList<>();
            for (String wanted : r.by()) {
                String col = spec.dimensions().stream().filter(d -> d.equalsIgnoreCase(wanted)).findFirst()
                        .flatMap(spec::column)
                        .orElseThrow(() -> new BadReportRequest("by", "report '" + spec.id() + "' cannot be grouped by '" + wanted + "'",
                                String.join(", ", spec.dimensions())));
                if (truncateTo != null && periodColumn.get().equals(col)) {
                    select.add("cast(date_trunc('" + truncateTo + "', " + quote(col) + ") as date) as " + quote(col));
                } else if (truncateTo != null && grainColumn.isPresent() && grainColumn.get().equals(col)) {
                    select.add("'" + truncateTo + "' as " + quote(col));
                } else {
                    select.add(quote(col));
                }
                outputColumns.add(col);
                roles.add("dimension");
            }
            for (ReportSpec.Measure m : spec.measures()) {
                String col = spec.column(m.column()).orElseThrow(() -> missing(spec, m.column()));
                String type = spec.types().getOrDefault(col.toLowerCase(Locale.ROOT), "");
                String agg = m.aggregate() + "(" + quote(col) + ")";
                if (m.aggregate().equals("sum") && isInteger(type)) {
                    agg = "cast(" + agg + " as bigint)";
                }
                select.add(agg + " as " + quote(col));
                outputColumns.add(col);
                roles.add("measure");
            }
            for (ReportSpec.Ratio ratio : spec.ratios()) {
                String num = spec.column(ratio.numerator()).orElseThrow(() -> missing(spec, ratio.numerator()));
                String den = spec.column(ratio.denominator()).orElseThrow(() -> missing(spec, ratio.denominator()));
                String col = spec.column(ratio.column()).orElse(ratio.column());
                select.add("round(" + ratio.factor() + " * cast(sum(" + quote(num) + ") as double) / nullif(cast(sum("
                        + quote(den) + ") as double), 0), 6) as " + quote(col));
                outputColumns.add(col);
                roles.add("ratio");
            }
            if (select.isEmpty()) {
                throw new BadReportRequest("by", "nothing to show", String.join(", ", spec.dimensions()));
            }
            sql.append("select ").append(String.join(", ", select));
            pin(c, spec, r, where, params);
        }
        sql.append(" from ").append(table);
        if (!where.isEmpty()) {
            sql.append(" where ").append(String.join(" and ", where));
        }
        if (r.rollUp() && !r.by().isEmpty()) {
            sql.append(" group by all");
        }
        // the row count before paging travels as a last column, so a page is one query
        sql.insert(0, withRowCount ? "select *, count(*) over () as \"__rows\" from (" : "select * from (").append(") as q");
        List<String> order = order(spec, r, outputColumns);
        if (!order.isEmpty()) {
            sql.append(" order by ").append(String.join(", ", order));
        }
        if (r.limit() != null) {
            sql.append(" limit ").append((int) r.limit()); // an int, never user text
        }
        if (r.offset() > 0) {
            sql.append(" offset ").append(r.offset());
        }
        return new Sql(sql.toString(), params, roles, grain);
    }

    private static void filter(ReportSpec spec, ReportRequest r, List<String> where, List<String> params) {
        if (r.from() != null || r.to() != null) {
            String col = spec.dateColumn().orElseThrow(() -> new BadReportRequest(r.from() != null ? "from" : "to",
                    "report '" + spec.id() + "' has no period_start, cohort_period_start or as_of_date column",
                    String.join(", ", filters(spec))));
            if (r.from() != null) {
                where.add(quote(col) + " >= cast(? as date)");
                params.add(r.from().toString());
            }
            if (r.to() != null) {
                where.add(quote(col) + " <= cast(? as date)");
                params.add(r.to().toString());
            }
        }
        Map<String, String> given = new LinkedHashMap<>();
        given.put("owner", r.owner());
        given.put("team", r.team());
        given.put("source", r.source());
        given.put("pipeline", r.pipeline());
        given.forEach((name, value) -> {
            if (value == null) {
                return;
            }
            List<String> cols = FILTER_COLUMNS.get(name).stream().map(spec::column).flatMap(Optional::stream).toList();
            if (cols.isEmpty()) {
                throw new BadReportRequest(name, "report '" + spec.id() + "' has no " + String.join(" or ", FILTER_COLUMNS.get(name))
                        + " column", String.join(", ", filters(spec)));
            }
            List<String> ors = new ArrayList<>();
            for (String col : cols) {
                ors.add("lower(cast(" + quote(col) + " as varchar)) = lower(?)");
                params.add(value);
            }
            where.add("(" + String.join(" or ", ors) + ")");
        });
    }

    /** Holds each pinned dimension to its value unless the request groups by it or chose it (grain). */
    private static void pin(Connection c, ReportSpec spec, ReportRequest r, List<String> where, List<String> params) {
        spec.pinned().forEach((name, value) -> {
            Optional<String> col = spec.column(name);
            if (col.isEmpty() || r.by().stream().anyMatch(b -> b.equalsIgnoreCase(name))
                    || (r.grain() != null && name.equalsIgnoreCase("period_grain"))) {
                return;
            }
            if (value.equalsIgnoreCase("latest")) {
                where.add(quote(col.get()) + " = (select max(" + quote(col.get()) + ") from " + quote(spec.schema())
                        + "." + quote(spec.tableName()) + ")");
            } else {
                where.add("cast(" + quote(col.get()) + " as varchar) = ?");
                params.add(value);
            }
        });
    }

    private static List<String> order(ReportSpec spec, ReportRequest r, List<String> output) {
        Map<String, String> byLower = new LinkedHashMap<>();
        output.forEach(col -> byLower.put(col.toLowerCase(Locale.ROOT), col));
        List<String> keys = new ArrayList<>();
        List<String> used = new ArrayList<>();
        if (r.sort() != null) {
            sortKeys(spec, r.sort(), byLower, true, keys, used);
        } else {
            String defaultSort = r.rollUp() && spec.defaultView().has("sort") ? spec.defaultView().get("sort").asString()
                    : spec.defaultSort();
            if (defaultSort != null) {
                sortKeys(spec, defaultSort, byLower, false, keys, used);
            }
        }
        // the remaining dimensions (every column at the report's grain) break ties: the same data, the same order
        for (int i = 0; i < output.size(); i++) {
            String col = output.get(i);
            boolean tieBreaker = !r.rollUp() || i < r.by().size();
            if (tieBreaker && !used.contains(col)) {
                keys.add(quote(col) + " asc");
            }
        }
        return keys;
    }

    private static void sortKeys(ReportSpec spec, String sort, Map<String, String> columns, boolean strict,
                                 List<String> keys, List<String> used) {
        for (String part : sort.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            String[] nameAndDirection = p.split("\\s*:\\s*|\\s+", 2);
            String column = columns.get(nameAndDirection[0].toLowerCase(Locale.ROOT));
            String direction = nameAndDirection.length > 1 ? nameAndDirection[1].strip().toLowerCase(Locale.ROOT) : "asc";
            if (column == null || !(direction.equals("asc") || direction.equals("desc"))) {
                if (!strict) {
                    continue;
                }
                throw new BadReportRequest("sort", "report '" + spec.id() + "' cannot be sorted by '" + p + "': "
                        + (column == null ? "no such column in this view" : "the direction must be asc or desc"),
                        "COL or COL:desc for any of " + String.join(", ", columns.values()));
            }
            if (!used.contains(column)) {
                keys.add(quote(column) + " " + direction + " nulls last");
                used.add(column);
            }
        }
    }

    private static String role(ReportSpec spec, String col) {
        if (spec.isDimension(col)) {
            return "dimension";
        }
        if (spec.measures().stream().anyMatch(m -> m.column().equalsIgnoreCase(col))) {
            return "measure";
        }
        if (spec.ratios().stream().anyMatch(m -> m.column().equalsIgnoreCase(col))) {
            return "ratio";
        }
        return "detail";
    }

    /** period_start, else cohort_period_start: the column a grain truncates. */
    static Optional<String> periodColumn(ReportSpec spec) {
        return spec.column("period_start").or(() -> spec.column("cohort_period_start"));
    }

    private static List<String> grains(Connection c, ReportSpec spec, String grainColumn) {
        List<String> held = new ArrayList<>();
        try (var st = c.createStatement(); ResultSet rs = st.executeQuery("select distinct cast(" + quote(grainColumn)
                + " as varchar) from " + quote(spec.schema()) + "." + quote(spec.tableName()))) {
            while (rs.next()) {
                if (rs.getString(1) != null) {
                    held.add(rs.getString(1).toLowerCase(Locale.ROOT));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the grains of " + spec.table() + ": " + e.getMessage(), e);
        }
        held.sort(java.util.Comparator.comparingInt(g -> ReportRequest.GRAINS.indexOf(g)));
        return held;
    }

    /** The finest held grain that truncates cleanly to {@code wanted} (weeks do not fit in months). */
    private static Optional<String> finerBase(List<String> held, String wanted) {
        for (String base : held) {
            if (fits(base, wanted)) {
                return Optional.of(base);
            }
        }
        return Optional.empty();
    }

    private static boolean fits(String base, String wanted) {
        int b = ReportRequest.GRAINS.indexOf(base);
        int w = ReportRequest.GRAINS.indexOf(wanted);
        if (b < 0 || w <= b) {
            return false;
        }
        return !base.equals("week") && !(wanted.equals("week") && !base.equals("day"));
    }

    /** Every grain a request can ask for: the held ones and those a held one truncates to. */
    public static List<String> reachable(List<String> held) {
        List<String> out = new ArrayList<>();
        for (String g : ReportRequest.GRAINS) {
            if (held.contains(g) || finerBase(held, g).isPresent()) {
                out.add(g);
            }
        }
        return out;
    }

    /** Every grain this report can be shown by. */
    public static List<String> grains(Connection c, ReportSpec spec) {
        if (periodColumn(spec).isEmpty()) {
            return List.of();
        }
        return reachable(spec.column("period_grain").map(g -> grains(c, spec, g)).orElse(List.of("day")));
    }

    private static boolean isInteger(String type) {
        String t = type.toUpperCase(Locale.ROOT);
        return t.equals("BIGINT") || t.equals("INTEGER") || t.equals("SMALLINT") || t.equals("TINYINT") || t.equals("HUGEINT")
                || t.equals("UBIGINT") || t.equals("UINTEGER");
    }

    private static IllegalStateException missing(ReportSpec spec, String column) {
        return new IllegalStateException("reports.catalog: report '" + spec.id() + "' declares column '" + column
                + "', which its table " + spec.table() + " does not have; rebuild with `crmw transform`");
    }

    private static void bind(PreparedStatement ps, Sql sql) throws SQLException {
        for (int i = 0; i < sql.params().size(); i++) {
            ps.setString(i + 1, sql.params().get(i));
        }
    }

    static String quote(String identifier) {
        return io.crmw.warehouse.Sql.ident(identifier);
    }
}
