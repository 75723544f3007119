package io.crmw.app.reports;

import io.crmw.connectors.spi.ConfigException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.NullNode;

/**
 * The reports of a warehouse, read from {@code reports.catalog} and {@code information_schema}. The catalog's
 * roll-up columns ({@code measures}, {@code ratios}, {@code details}, {@code pinned}, {@code default_view},
 * {@code report_group}) are optional, so a copy published before they existed still lists and prints its reports.
 */
public final class ReportCatalog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RATIO = Pattern.compile(
            "\\s*(\\w+)\\s*=\\s*(?:([0-9.]+)\\s*\\*\\s*)?(\\w+)\\s*/\\s*(\\w+)\\s*");
    private static final Pattern MIN_MAX = Pattern.compile("\\s*(min|max)\\s*\\(\\s*(\\w+)\\s*\\)\\s*", Pattern.CASE_INSENSITIVE);

    private final Map<String, ReportSpec> reports; // lower-case id -> spec, by id

    private ReportCatalog(Map<String, ReportSpec> reports) {
        this.reports = reports;
    }

    public static boolean present(Connection c) throws SQLException {
        return !columns(c, "reports", "catalog").isEmpty();
    }

    public static ReportCatalog load(Connection c) throws SQLException {
        if (!present(c)) {
            throw new ConfigException("the published warehouse has no reports.catalog yet; run `crmw transform` (or `crmw sync`) first");
        }
        Set<String> catalogColumns = columns(c, "reports", "catalog").keySet();
        Map<String, Map<String, String[]>> allColumns = allColumns(c); // one query for every table's columns
        Map<String, ReportSpec> out = new LinkedHashMap<>();
        try (var st = c.createStatement(); ResultSet rs = st.executeQuery("select * from reports.catalog order by report_id")) {
            while (rs.next()) {
                String id = rs.getString("report_id");
                String table = rs.getString("table_name");
                Map<String, String> columns = new LinkedHashMap<>();
                Map<String, String> types = new LinkedHashMap<>();
                allColumns.getOrDefault((ReportSpec.schemaOf(table) + "." + ReportSpec.tableOf(table)).toLowerCase(Locale.ROOT),
                        Map.of()).forEach((key, nameAndType) -> {
                            columns.put(key, nameAndType[0]);
                            types.put(key, nameAndType[1]);
                        });
                out.put(id.toLowerCase(Locale.ROOT), new ReportSpec(id, rs.getString("title"), table,
                        text(rs, catalogColumns, "report_group").orElse("secondary"), rs.getString("grain"),
                        rs.getString("description"),
                        list(text(rs, catalogColumns, "dimensions").orElse("")),
                        measures(id, text(rs, catalogColumns, "measures").orElse("")),
                        ratios(id, text(rs, catalogColumns, "ratios").orElse("")),
                        list(text(rs, catalogColumns, "details").orElse("")),
                        pinned(text(rs, catalogColumns, "pinned").orElse("")),
                        text(rs, catalogColumns, "default_sort").orElse(null),
                        view(id, text(rs, catalogColumns, "default_view").orElse(null)),
                        columns, types));
            }
        }
        return new ReportCatalog(out);
    }

    public List<ReportSpec> all() {
        return List.copyOf(reports.values());
    }

    public ReportSpec get(String id) {
        ReportSpec spec = id == null ? null : reports.get(id.toLowerCase(Locale.ROOT));
        if (spec == null) {
            throw new BadReportRequest("report", "unknown report '" + id + "'",
                    String.join(", ", reports.values().stream().map(ReportSpec::id).toList()) + " (see `crmw report --list`)");
        }
        if (spec.columns().isEmpty()) {
            throw new ConfigException("report '" + id + "': its table " + spec.table()
                    + " is not in the published copy yet; run `crmw transform`");
        }
        return spec;
    }

    private static Optional<String> text(ResultSet rs, Set<String> present, String column) throws SQLException {
        return present.contains(column) ? Optional.ofNullable(rs.getString(column)) : Optional.empty();
    }

    static List<String> list(String csv) {
        return Arrays.stream(csv.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static List<ReportSpec.Measure> measures(String id, String csv) {
        List<ReportSpec.Measure> out = new ArrayList<>();
        for (String item : list(csv)) {
            Matcher m = MIN_MAX.matcher(item);
            out.add(m.matches() ? new ReportSpec.Measure(m.group(2), m.group(1).toLowerCase(Locale.ROOT))
                    : new ReportSpec.Measure(item, "sum"));
        }
        return List.copyOf(out);
    }

    private static List<ReportSpec.Ratio> ratios(String id, String spec) {
        List<ReportSpec.Ratio> out = new ArrayList<>();
        for (String item : spec.split(";")) {
            if (item.isBlank()) {
                continue;
            }
            Matcher m = RATIO.matcher(item);
            if (!m.matches()) {
                throw new ConfigException("reports.catalog: report '" + id + "' declares the ratio '" + item.strip()
                        + "', which is not 'name = [factor *] numerator / denominator'");
            }
            out.add(new ReportSpec.Ratio(m.group(1), m.group(2) == null ? 1 : Double.parseDouble(m.group(2)), m.group(3), m.group(4)));
        }
        return List.copyOf(out);
    }

    private static Map<String, String> pinned(String spec) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String item : spec.split(";")) {
            int eq = item.indexOf('=');
            if (eq > 0) {
                out.put(item.substring(0, eq).strip(), item.substring(eq + 1).strip());
            }
        }
        return out;
    }

    private static JsonNode view(String id, String json) {
        if (json == null || json.isBlank()) {
            return NullNode.getInstance();
        }
        try {
            return JSON.readTree(json);
        } catch (RuntimeException e) {
            throw new ConfigException("reports.catalog: report '" + id + "' has a default_view that is not JSON: " + e.getMessage());
        }
    }

    /** Every table's columns in order: lower-case schema.table -> lower-case column -> [name, type]. */
    private static Map<String, Map<String, String[]>> allColumns(Connection c) throws SQLException {
        Map<String, Map<String, String[]>> out = new LinkedHashMap<>();
        try (var st = c.createStatement(); ResultSet rs = st.executeQuery("""
                select lower(table_schema || '.' || table_name), column_name, data_type from information_schema.columns
                where table_catalog = current_database() order by table_schema, table_name, ordinal_position""")) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                        .put(rs.getString(2).toLowerCase(Locale.ROOT), new String[] {rs.getString(2), rs.getString(3)});
            }
        }
        return out;
    }

    static Map<String, String> columns(Connection c, String schema, String table) throws SQLException {
        return columns(c, schema, table, new LinkedHashMap<>());
    }

    /** The table's columns in order, keyed by lower-case name; empty when there is no such table. */
    private static Map<String, String> columns(Connection c, String schema, String table, Map<String, String> types)
            throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select column_name, data_type from information_schema.columns
                where table_catalog = current_database() and lower(table_schema) = lower(?) and lower(table_name) = lower(?)
                order by ordinal_position""")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String key = rs.getString(1).toLowerCase(Locale.ROOT);
                    out.put(key, rs.getString(1));
                    types.put(key, rs.getString(2));
                }
            }
        }
        return out;
    }
}
