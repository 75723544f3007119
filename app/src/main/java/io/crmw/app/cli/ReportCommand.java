package io.crmw.app.cli;

import io.crmw.connectors.spi.ConfigException;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code crmw report --list} and {@code crmw report <id>}: any report of {@code reports.catalog}, read from the
 * published copy, filtered and sorted without SQL. Generic over the catalog: a filter applies when the report's
 * table has the conformed column it needs, and sort columns are checked against the table's columns. User text
 * only ever reaches the database as bound parameters; identifiers come from the catalog and
 * {@code information_schema}, quoted.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"List the reports, or print one from the published copy, filtered and sorted.",
                "  crmw report --list",
                "  crmw report total_sales --from 2024-01-01 --owner alice --sort won_amount_rc:desc --limit 10"})
final class ReportCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Parameters(index = "0", arity = "0..1", paramLabel = "REPORT", description = "report id (see --list)")
    String reportId;

    @Option(names = "--list", description = "list the reports: id, title, grain (the default without REPORT)")
    boolean list;

    @Option(names = "--from", paramLabel = "DATE",
            description = "first period (YYYY-MM-DD, inclusive): period_start (cohort_period_start for cohort reports), or as_of_date for snapshot reports")
    String from;

    @Option(names = "--to", paramLabel = "DATE", description = "last period (YYYY-MM-DD, inclusive)")
    String to;

    @Option(names = "--owner", paramLabel = "X", description = "owner id or name (case-insensitive)")
    String owner;

    @Option(names = "--team", paramLabel = "X", description = "team id or name (case-insensitive)")
    String team;

    @Option(names = "--source", paramLabel = "X", description = "source system, e.g. hubspot-main (case-insensitive)")
    String source;

    @Option(names = "--sort", paramLabel = "COL[:desc][,COL...]",
            description = "sort columns, each optionally :desc or :asc (default: the report's default sort)")
    String sort;

    @Option(names = "--limit", paramLabel = "N", description = "print at most N rows")
    Integer limit;

    @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default: ${DEFAULT-VALUE})")
    ResultPrinter.Format format;

    @Override
    public Integer call() throws Exception {
        var cfg = config.loadWithoutSecrets();
        LocalDate fromDate = date("--from", from);
        LocalDate toDate = date("--to", to);
        if (limit != null && limit < 0) {
            throw new ConfigException("--limit must be 0 or more, not " + limit);
        }
        try (Connection c = ReadOnlyWarehouse.open(cfg.published(), "`crmw sync` (or `crmw demo`)")) {
            if (!hasTable(c, "reports", "catalog")) {
                throw new ConfigException("the published warehouse " + cfg.published()
                        + " has no reports.catalog yet; run `crmw transform` (or `crmw sync`) first");
            }
            if (list || reportId == null) {
                printList(c, format, System.out);
                return 0;
            }
            Query q = query(c, reportId, fromDate, toDate, owner, team, source, sort, limit);
            try (PreparedStatement ps = c.prepareStatement(q.sql())) {
                for (int i = 0; i < q.params().size(); i++) {
                    ps.setString(i + 1, q.params().get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    ResultPrinter.print(rs, format, System.out);
                }
            }
            return 0;
        }
    }

    /** Prints {@code report_id, title, grain} of every catalog row, by id. */
    static void printList(Connection c, ResultPrinter.Format format, PrintStream out) throws SQLException {
        try (var st = c.createStatement();
             ResultSet rs = st.executeQuery("select report_id, title, grain from reports.catalog order by report_id")) {
            ResultPrinter.print(rs, format, out);
        }
    }

    /** A select with {@code ?} placeholders and their values, in order. */
    record Query(String sql, List<String> params) {}

    /** The filtered, sorted select of one report; ends with a {@link ConfigException} naming what is wrong. */
    static Query query(Connection c, String id, LocalDate from, LocalDate to, String owner, String team,
                       String source, String sort, Integer limit) throws SQLException {
        String tableName;
        String defaultSort;
        try (PreparedStatement ps = c.prepareStatement(
                "select table_name, default_sort from reports.catalog where lower(report_id) = lower(?)")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new ConfigException("unknown report '" + id + "'; the reports are: "
                            + String.join(", ", reportIds(c)) + " (see `crmw report --list`)");
                }
                tableName = rs.getString(1);
                defaultSort = rs.getString(2);
            }
        }
        String schema = tableName.contains(".") ? tableName.substring(0, tableName.indexOf('.')) : "reports";
        String table = tableName.substring(tableName.indexOf('.') + 1);
        Map<String, String> columns = columns(c, schema, table); // lower-case name -> name
        if (columns.isEmpty()) {
            throw new ConfigException("report '" + id + "': its table " + tableName
                    + " is not in the published copy yet; run `crmw transform`");
        }

        String dateColumn = columns.containsKey("as_of_date") ? "as_of_date"
                : columns.containsKey("period_start") ? "period_start"
                : columns.containsKey("cohort_period_start") ? "cohort_period_start" : null;
        Map<String, List<String>> filterColumns = new LinkedHashMap<>();
        filterColumns.put("--from", dateColumn == null ? List.of() : List.of(dateColumn));
        filterColumns.put("--to", dateColumn == null ? List.of() : List.of(dateColumn));
        filterColumns.put("--owner", present(columns, "owner_id", "owner_name"));
        filterColumns.put("--team", present(columns, "team_id", "team_name"));
        filterColumns.put("--source", present(columns, "source_system"));

        List<String> where = new ArrayList<>();
        List<String> params = new ArrayList<>();
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("--from", from);
        given.put("--to", to);
        given.put("--owner", owner);
        given.put("--team", team);
        given.put("--source", source);
        for (Map.Entry<String, Object> g : given.entrySet()) {
            if (g.getValue() == null) {
                continue;
            }
            List<String> cols = filterColumns.get(g.getKey());
            if (cols.isEmpty()) {
                throw new ConfigException("report '" + id + "' cannot be filtered with " + g.getKey() + ": "
                        + missing(g.getKey()) + "; it supports " + supported(filterColumns));
            }
            String value = g.getValue().toString();
            switch (g.getKey()) {
                case "--from" -> where.add(quote(cols.get(0)) + " >= cast(? as date)");
                case "--to" -> where.add(quote(cols.get(0)) + " <= cast(? as date)");
                default -> {
                    List<String> ors = new ArrayList<>();
                    for (String col : cols) {
                        ors.add("lower(cast(" + quote(col) + " as varchar)) = lower(?)");
                        params.add(value);
                    }
                    where.add("(" + String.join(" or ", ors) + ")");
                    continue;
                }
            }
            params.add(value);
        }

        List<String> order = new ArrayList<>();
        if (sort != null && !sort.isBlank()) {
            order.addAll(sortKeys(id, sort, columns, true));
        } else if (defaultSort != null) {
            order.addAll(sortKeys(id, defaultSort, columns, false));
        }
        // the remaining columns break ties, so the same data always prints in the same order
        List<String> used = new ArrayList<>();
        for (String key : order) {
            used.add(key.substring(0, key.lastIndexOf(' ')));
        }
        for (String col : columns.values()) {
            if (!used.contains(quote(col))) {
                order.add(quote(col) + " asc");
            }
        }

        StringBuilder sql = new StringBuilder("select * from " + quote(schema) + "." + quote(table));
        if (!where.isEmpty()) {
            sql.append(" where ").append(String.join(" and ", where));
        }
        sql.append(" order by ").append(String.join(", ", order));
        if (limit != null) {
            sql.append(" limit ").append((int) limit); // an int, never user text
        }
        return new Query(sql.toString(), params);
    }

    /**
     * Parses {@code col[:desc|:asc], ...} (the catalog's {@code col desc} form too) into quoted order keys. User
     * sorts must name existing columns; a catalog default that names a missing column skips it.
     */
    private static List<String> sortKeys(String id, String spec, Map<String, String> columns, boolean strict) {
        List<String> keys = new ArrayList<>();
        for (String part : spec.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            String[] nameAndDirection = p.split("\\s*:\\s*|\\s+", 2);
            String name = nameAndDirection[0];
            String direction = nameAndDirection.length > 1 ? nameAndDirection[1].strip().toLowerCase(Locale.ROOT) : "asc";
            String column = columns.get(name.toLowerCase(Locale.ROOT));
            if (column == null || !(direction.equals("asc") || direction.equals("desc"))) {
                if (!strict) {
                    continue;
                }
                throw new ConfigException("report '" + id + "' cannot be sorted by '" + p + "': "
                        + (column == null ? "no such column" : "the direction must be asc or desc")
                        + "; it sorts by any of its columns (COL or COL:desc): " + String.join(", ", columns.values()));
            }
            keys.add(quote(column) + " " + direction);
        }
        return keys;
    }

    private static String missing(String option) {
        return switch (option) {
            case "--from", "--to" -> "it has no period_start, cohort_period_start or as_of_date column";
            case "--owner" -> "it has no owner_id or owner_name column";
            case "--team" -> "it has no team_id or team_name column";
            default -> "it has no source_system column";
        };
    }

    private static String supported(Map<String, List<String>> filterColumns) {
        List<String> ok = new ArrayList<>();
        filterColumns.forEach((option, cols) -> {
            if (!cols.isEmpty()) {
                ok.add(option + " (" + String.join("/", cols) + ")");
            }
        });
        return ok.isEmpty() ? "no filters" : String.join(", ", ok);
    }

    private static List<String> present(Map<String, String> columns, String... names) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (columns.containsKey(n)) {
                out.add(columns.get(n));
            }
        }
        return out;
    }

    private static LocalDate date(String option, String value) {
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new ConfigException(option + " '" + value + "' is not a date; use YYYY-MM-DD, e.g. 2024-01-31");
        }
    }

    private static List<String> reportIds(Connection c) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (var st = c.createStatement();
             ResultSet rs = st.executeQuery("select report_id from reports.catalog order by report_id")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    private static boolean hasTable(Connection c, String schema, String table) throws SQLException {
        return !columns(c, schema, table).isEmpty();
    }

    /** The table's columns in order, keyed by lower-case name; empty when there is no such table. */
    private static Map<String, String> columns(Connection c, String schema, String table) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select column_name from information_schema.columns
                where table_catalog = current_database() and lower(table_schema) = lower(?) and lower(table_name) = lower(?)
                order by ordinal_position""")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getString(1));
                }
            }
        }
        return out;
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
