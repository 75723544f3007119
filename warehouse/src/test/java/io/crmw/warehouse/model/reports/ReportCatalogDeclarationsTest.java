package io.crmw.warehouse.model.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.warehouse.Warehouse;
import io.crmw.warehouse.model.ModelRunner;
import io.crmw.warehouse.model.marketing.MarketingCore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The roll-up declarations of reports.catalog (dimensions, measures, ratios, details, pinned, default_view,
 * report_group) checked against the report tables built over both hand-made core datasets ({@link SalesCore} and
 * {@link MarketingCore}): every column declared exactly once, ratios that divide declared measures and reproduce the
 * stored ratio row by row, pinned values that exist, default views that name declared columns.
 */
class ReportCatalogDeclarationsTest {

    static final Set<String> GROUPS = Set.of("daily", "weekly", "monthly", "sales", "marketing", "profit", "support", "secondary");
    static final Set<String> CHARTS = Set.of("bar", "stacked_bar", "line", "funnel", "table");
    static final Pattern RATIO = Pattern.compile("\\s*(\\w+)\\s*=\\s*(?:([0-9.]+)\\s*\\*\\s*)?(\\w+)\\s*/\\s*(\\w+)\\s*");
    static final Pattern MIN_MAX = Pattern.compile("\\s*(min|max)\\s*\\(\\s*(\\w+)\\s*\\)\\s*");
    static final Pattern GRAIN_COLUMNS = Pattern.compile("\\(([^)]*)\\)");
    static final Pattern UNIQUE = Pattern.compile("(?m)^--\\s*unique:\\s*(.+)$");
    static final ObjectMapper JSON = new ObjectMapper();

    record Ratio(String name, double factor, String numerator, String denominator) {
    }

    record Declaration(String reportId, String group, String table, String grain, List<String> dimensions,
                       Map<String, String> measures, List<Ratio> ratios, List<String> details,
                       Map<String, String> pinned, JsonNode defaultView) {

        Set<String> summable() {
            Set<String> out = new LinkedHashSet<>(measures.keySet());
            ratios.forEach(r -> out.add(r.name()));
            return out;
        }
    }

    @TempDir
    static Path dir;
    /** fixture name → its built warehouse */
    static final Map<String, Warehouse> FIXTURES = new LinkedHashMap<>();
    static List<Declaration> catalog;

    @BeforeAll
    static void build() throws Exception {
        Path sales = Files.createDirectories(dir.resolve("sales"));
        SalesCore.writeReference(sales);
        Warehouse salesWh = Warehouse.open(sales.resolve("w.duckdb"));
        FIXTURES.put("sales", salesWh);
        SalesCore.seed(salesWh);
        assertThat(new ModelRunner(salesWh, SalesCore.vars(sales)).run("build").failures()).isEmpty();

        Path marketing = Files.createDirectories(dir.resolve("marketing"));
        MarketingCore.writeReference(marketing, true);
        Warehouse marketingWh = Warehouse.open(marketing.resolve("w.duckdb"));
        FIXTURES.put("marketing", marketingWh);
        MarketingCore.seed(marketingWh);
        assertThat(new ModelRunner(marketingWh, MarketingCore.vars(marketing)).run("build").failures()).isEmpty();

        catalog = readCatalog(salesWh);
    }

    @AfterAll
    static void close() {
        FIXTURES.values().forEach(Warehouse::close);
    }

    @Test
    void everyReportTableIsInTheCatalogInAKnownGroup() throws Exception {
        List<String> tables = strings(FIXTURES.get("sales"), "select table_schema || '.' || table_name from information_schema.tables"
                + " where table_schema = 'reports' and table_name <> 'catalog' order by 1");
        assertThat(catalog).extracting(Declaration::table).containsExactlyInAnyOrderElementsOf(tables).hasSize(30);
        for (Declaration d : catalog) {
            assertThat(d.group()).as(d.reportId()).isIn(GROUPS);
        }
    }

    @Test
    void everyColumnOfEveryReportIsDeclaredExactlyOnce() throws Exception {
        for (Declaration d : catalog) {
            assertThat(undeclaredOrTwice(d, columns(FIXTURES.get("sales"), d.table()))).as(d.reportId()).isEmpty();
        }
    }

    @Test
    void grainAndUniqueKeyColumnsAreDimensions() throws Exception {
        for (Declaration d : catalog) {
            Set<String> key = new LinkedHashSet<>();
            Matcher grain = GRAIN_COLUMNS.matcher(d.grain());
            if (grain.find()) {
                key.addAll(split(grain.group(1), ","));
            }
            Matcher unique = UNIQUE.matcher(resource("models/" + d.table().replace('.', '/') + ".sql"));
            assertThat(unique.find()).as("%s declares a unique key", d.table()).isTrue();
            key.addAll(split(unique.group(1), ","));
            assertThat(d.dimensions()).as(d.reportId()).containsAll(key);
        }
    }

    @Test
    void ratiosDivideSummedMeasures() {
        for (Declaration d : catalog) {
            for (Ratio r : d.ratios()) {
                assertThat(d.measures()).as("%s %s", d.reportId(), r.name())
                        .containsEntry(r.numerator(), "sum").containsEntry(r.denominator(), "sum");
                assertThat(r.factor()).as("%s %s", d.reportId(), r.name()).isPositive();
            }
        }
    }

    @Test
    void pinnedDimensionsAreDimensionsWhoseValueIsInTheTable() throws Exception {
        for (Declaration d : catalog) {
            for (Map.Entry<String, String> pin : d.pinned().entrySet()) {
                assertThat(d.dimensions()).as("%s pins %s", d.reportId(), pin.getKey()).contains(pin.getKey());
                if (pin.getValue().equals("latest")) {
                    continue;
                }
                for (Map.Entry<String, Warehouse> fixture : FIXTURES.entrySet()) {
                    if (count(fixture.getValue(), "select count(*) from " + d.table()) > 0) {
                        assertThat(count(fixture.getValue(), "select count(*) from " + d.table() + " where cast("
                                + pin.getKey() + " as varchar) = '" + pin.getValue().replace("'", "''") + "'"))
                                .as("%s %s=%s in the %s fixture", d.reportId(), pin.getKey(), pin.getValue(), fixture.getKey())
                                .isPositive();
                    }
                }
            }
        }
    }

    @Test
    void defaultViewsRollUpByDeclaredDimensionsAndShowMeasuresOrRatios() {
        for (Declaration d : catalog) {
            JsonNode view = d.defaultView();
            String id = d.reportId();
            List<String> by = texts(view.get("by"));
            assertThat(by).as("%s by", id).isNotEmpty().hasSizeLessThanOrEqualTo(2).isSubsetOf(d.dimensions());
            JsonNode chart = view.get("chart");
            assertThat(chart.get("type").asString()).as("%s chart type", id).isIn(CHARTS);
            assertThat(chart.get("x").asString()).as("%s chart x", id).isIn(by);
            if (chart.has("series")) {
                assertThat(chart.get("series").asString()).as("%s chart series", id).isIn(by)
                        .isNotEqualTo(chart.get("x").asString());
            }
            assertThat(texts(chart.get("y"))).as("%s chart y", id).isNotEmpty().isSubsetOf(d.summable());
            assertThat(texts(view.get("kpis"))).as("%s kpis", id).hasSizeBetween(1, 4).isSubsetOf(d.summable());
            Set<String> sortable = new LinkedHashSet<>(by);
            sortable.addAll(d.summable());
            for (String key : split(view.get("sort").asString(), ",")) {
                String[] colAndDirection = key.split(":");
                assertThat(colAndDirection).as("%s sort %s", id, key).hasSize(2);
                assertThat(colAndDirection[0]).as("%s sort %s", id, key).isIn(sortable);
                assertThat(colAndDirection[1]).as("%s sort %s", id, key).isIn("asc", "desc");
            }
        }
    }

    @Test
    void everyStoredRatioIsItsFactorTimesNumeratorOverDenominatorAtTheFullGrain() throws Exception {
        Map<String, Long> compared = new TreeMap<>();
        for (Declaration d : catalog) {
            for (Ratio r : d.ratios()) {
                long rows = 0;
                for (Map.Entry<String, Warehouse> fixture : FIXTURES.entrySet()) {
                    long[] mismatchedAndCompared = checkRatio(fixture.getValue(), d.table(), r);
                    assertThat(mismatchedAndCompared[0]).as("%s: rows where %s <> %s * %s / %s in the %s fixture",
                            d.reportId(), r.name(), r.factor(), r.numerator(), r.denominator(), fixture.getKey()).isZero();
                    rows += mismatchedAndCompared[1];
                }
                compared.put(d.reportId() + "." + r.name(), rows);
            }
        }
        assertThat(compared).as("every ratio compared on at least one row").allSatisfy((ratio, rows) ->
                assertThat(rows).as(ratio).isPositive());
        assertThat(compared).hasSize(27).containsKeys("lead_status.conversion_rate", "mrr_movements.logo_churn_rate",
                "mrr_movements.revenue_churn_rate", "mrr_cohort_retention.revenue_retention_rate",
                "sales_per_customer.repeat_purchase_rate", "sales_per_customer.days_between_purchases");
    }

    @Test
    void wrongDeclarationsAreCaught() throws Exception {
        Warehouse wh = FIXTURES.get("marketing");
        // a missing or wrong factor, and a ratio inverted
        assertThat(checkRatio(wh, "reports.product_return_rate",
                new Ratio("complaints_per_1000_units", 100, "complaint_tickets", "units_sold"))[0]).isPositive();
        assertThat(checkRatio(wh, "reports.product_return_rate",
                new Ratio("complaints_per_1000_units", 1, "complaint_tickets", "units_sold"))[0]).isPositive();
        assertThat(checkRatio(wh, "reports.email_outcomes", new Ratio("open_rate", 1, "delivered", "opened"))[0]).isPositive();
        // a column left out, and one declared twice
        Declaration total = catalog.stream().filter(d -> d.reportId().equals("total_sales")).findFirst().orElseThrow();
        List<String> columns = columns(wh, total.table());
        Map<String, String> withoutUnits = new LinkedHashMap<>(total.measures());
        withoutUnits.remove("units");
        assertThat(undeclaredOrTwice(new Declaration(total.reportId(), total.group(), total.table(), total.grain(),
                total.dimensions(), withoutUnits, total.ratios(), total.details(), total.pinned(), total.defaultView()), columns))
                .containsExactly("units is not declared");
        assertThat(undeclaredOrTwice(new Declaration(total.reportId(), total.group(), total.table(), total.grain(),
                total.dimensions(), total.measures(), total.ratios(), List.of("won_deals"), total.pinned(), total.defaultView()), columns))
                .containsExactly("won_deals is declared 2 times");
    }

    @Test
    void sourceNormalizedMeansTheSourceMapsNameInEveryReport() throws Exception {
        Warehouse sales = FIXTURES.get("sales");
        List<String> tables = strings(sales, "select table_schema || '.' || table_name from information_schema.columns"
                + " where table_schema = 'reports' and column_name = 'source_normalized' order by 1");
        assertThat(tables).contains("reports.lead_status").hasSizeGreaterThanOrEqualTo(8);
        for (String table : tables) {
            assertThat(resource("models/" + table.replace('.', '/') + ".sql")).as("%s declares its source_normalized a source_map name", table)
                    .contains("-- relationships: " + SOURCE_MAPPED);
            for (Map.Entry<String, Warehouse> fixture : FIXTURES.entrySet()) {
                assertThat(notSourceMapNames(fixture.getValue(), "select source_normalized from " + table))
                        .as("%s source_normalized values that are not core.source_map names in the %s fixture", table, fixture.getKey())
                        .isEmpty();
            }
        }
        // the fixtures' raw sources differ from their normalized names, so a report passing raw values would show
        assertThat(strings(sales, "select distinct source_normalized from reports.total_sales")).contains("website");
        assertThat(notSourceMapNames(sales, "select coalesce(lower(trim(lead_source_raw)), 'unknown') as source_normalized"
                + " from core.deal")).containsExactly("web");
        assertThat(notSourceMapNames(FIXTURES.get("marketing"), "select coalesce(lower(trim(lead_source_raw)), 'unknown')"
                + " as source_normalized from core.deal")).containsExactly("weird");
    }

    static final String SOURCE_MAPPED = "source_normalized -> core.source_map.source_normalized except ('unknown')";

    /** The distinct source_normalized values of a query that are neither a core.source_map name nor 'unknown'. */
    static List<String> notSourceMapNames(Warehouse wh, String query) throws Exception {
        return strings(wh, "select distinct source_normalized from (" + query + ") where source_normalized is not null"
                + " and source_normalized <> 'unknown' and source_normalized not in (select source_normalized from core.source_map)"
                + " order by 1");
    }

    // ---- helpers ----

    /** {mismatched rows, compared rows}: rows whose stored ratio differs from factor * num / den (1e-6 relative). */
    static long[] checkRatio(Warehouse wh, String table, Ratio r) throws Exception {
        String expected = r.factor() + " * cast(" + r.numerator() + " as double) / cast(" + r.denominator() + " as double)";
        String sql = "select count(*) filter (where " + r.name() + " is null"
                + " or abs(cast(" + r.name() + " as double) - " + expected + ") > 1e-6 * greatest(1, abs(" + expected + "))),"
                + " count(*) filter (where " + r.name() + " is not null)"
                + " from " + table
                + " where " + r.denominator() + " <> 0 and " + r.numerator() + " is not null";
        try (Connection c = wh.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    /** What is wrong with the declaration's partition of the table's columns, one line per problem. */
    static List<String> undeclaredOrTwice(Declaration d, List<String> columns) {
        Map<String, Integer> times = new LinkedHashMap<>();
        List<String> declared = new ArrayList<>(d.dimensions());
        declared.addAll(d.measures().keySet());
        d.ratios().forEach(r -> declared.add(r.name()));
        declared.addAll(d.details());
        declared.forEach(c -> times.merge(c, 1, Integer::sum));
        List<String> problems = new ArrayList<>();
        for (String column : columns) {
            int n = times.getOrDefault(column, 0);
            if (n == 0) {
                problems.add(column + " is not declared");
            } else if (n > 1) {
                problems.add(column + " is declared " + n + " times");
            }
        }
        times.keySet().stream().filter(c -> !columns.contains(c)).forEach(c -> problems.add(c + " is not a column"));
        return problems;
    }

    static List<Declaration> readCatalog(Warehouse wh) throws Exception {
        List<Declaration> out = new ArrayList<>();
        try (Connection c = wh.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select * from reports.catalog order by report_id")) {
            while (rs.next()) {
                Map<String, String> measures = new LinkedHashMap<>();
                for (String item : split(rs.getString("measures"), ",")) {
                    Matcher m = MIN_MAX.matcher(item);
                    if (m.matches()) {
                        measures.put(m.group(2), m.group(1));
                    } else {
                        measures.put(item, "sum");
                    }
                }
                List<Ratio> ratios = new ArrayList<>();
                for (String item : split(rs.getString("ratios"), ";")) {
                    Matcher m = RATIO.matcher(item);
                    assertThat(m.matches()).as("%s ratio '%s'", rs.getString("report_id"), item).isTrue();
                    ratios.add(new Ratio(m.group(1), m.group(2) == null ? 1 : Double.parseDouble(m.group(2)), m.group(3), m.group(4)));
                }
                Map<String, String> pinned = new LinkedHashMap<>();
                for (String item : split(rs.getString("pinned"), ";")) {
                    String[] colAndValue = item.split("=", 2);
                    assertThat(colAndValue).as("%s pinned '%s'", rs.getString("report_id"), item).hasSize(2);
                    pinned.put(colAndValue[0].strip(), colAndValue[1].strip());
                }
                out.add(new Declaration(rs.getString("report_id"), rs.getString("report_group"), rs.getString("table_name"),
                        rs.getString("grain"), split(rs.getString("dimensions"), ","), measures, ratios,
                        split(rs.getString("details"), ","), pinned, JSON.readTree(rs.getString("default_view"))));
            }
        }
        return out;
    }

    static List<String> split(String list, String separator) {
        return Arrays.stream(list.split(Pattern.quote(separator))).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    static List<String> texts(JsonNode array) {
        assertThat(array).isNotNull();
        assertThat(array.isArray()).as("%s is an array", array).isTrue();
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }

    static List<String> columns(Warehouse wh, String table) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = wh.connect(); PreparedStatement ps = c.prepareStatement("select column_name from information_schema.columns"
                + " where table_schema || '.' || table_name = ? order by ordinal_position")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        assertThat(out).as(table).isNotEmpty();
        return out;
    }

    static List<String> strings(Warehouse wh, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = wh.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    static long count(Warehouse wh, String sql) throws Exception {
        try (Connection c = wh.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String resource(String path) throws IOException {
        try (InputStream in = ReportCatalogDeclarationsTest.class.getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
