package io.crmw.app.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.crmw.app.reports.ReportRequest;
import io.crmw.app.reports.SyncedBusiness;
import io.crmw.app.testing.Cli;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import io.crmw.app.cli.ReadOnlyWarehouse;
import java.sql.ResultSet;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * The reports API over the shared synced business: every report's default view as JSON and CSV (equal to each other
 * and to {@code crmw report}), every filter of every report, roll-ups whose ratios are recomputed from their parts,
 * 400s naming the parameter, the OpenAPI description against the served mappings, and sync now's CSRF guard.
 */
class ReportsApiTest {
    @TempDir
    static Path dir;
    static ServedWarehouse served;
    static Path published;
    static JsonNode catalog;

    @BeforeAll
    static void serve() throws Exception {
        published = SyncedBusiness.get().warehouse().config.published();
        served = new ServedWarehouse(dir.resolve("serve"), published, Optional.empty(), "127.0.0.1");
        catalog = served.json("/api/reports");
    }

    @AfterAll
    static void stop() {
        if (served != null) {
            served.close();
        }
    }

    @Test
    void theCatalogListsEveryReportWithItsDeclarations() throws Exception {
        long catalogued;
        try (Connection c = ReadOnlyWarehouse.open(published, "a sync");
             ResultSet rs = c.createStatement().executeQuery("select count(*) from reports.catalog")) {
            rs.next();
            catalogued = rs.getLong(1);
        }
        assertThat(catalog.get("reports").size()).isEqualTo((int) catalogued).isGreaterThanOrEqualTo(26);
        assertThat(catalog.get("reporting_currency").asString()).isEqualTo("USD");
        assertThat(catalog.get("synced").get(0).get("source").asString()).isEqualTo("hubspot-test");
        Set<String> groups = new TreeSet<>();
        for (JsonNode r : catalog.get("reports")) {
            groups.add(r.get("group").asString());
            assertThat(r.get("default_view").get("by").isArray()).as(r.get("id").asString()).isTrue();
            assertThat(r.get("measures").size() + r.get("ratios").size()).as(r.get("id").asString()).isPositive();
        }
        assertThat(groups).containsExactly("daily", "marketing", "monthly", "profit", "sales", "secondary", "support", "weekly");
        JsonNode totalSales = report("total_sales");
        assertThat(list(totalSales.get("filters"))).containsExactly("from", "to", "owner", "team", "source", "pipeline", "grain");
        assertThat(list(totalSales.get("grains"))).containsExactly("month", "quarter", "year");
        assertThat(list(report("daily_activity").get("grains"))).containsExactly("day", "week", "month", "quarter", "year");
    }

    @Test
    void freshnessTakesTheEnginesFinishedRunOverTheCopysOwnLaggingMeta() throws Exception {
        String published = catalog.get("synced").get(0).get("last_success").asString();
        // the copy is published before its run is marked finished: the engine's warehouse knows the later success
        try (Connection c = served.engine.bean(io.crmw.warehouse.Warehouse.class).connect(); var st = c.createStatement()) {
            st.execute("""
                    insert into meta.sync_run (run_id, source, trigger, full_refresh, started_at, finished_at, status)
                    values ('later', 'hubspot-test', 'schedule', false, timestamptz '2099-01-01 02:00:00+00',
                            timestamptz '2099-01-01 02:14:00+00', 'succeeded'),
                           ('failed', 'other-source', 'schedule', false, timestamptz '2099-01-01 02:00:00+00',
                            timestamptz '2099-01-01 02:01:00+00', 'failed')""");
        }
        try {
            JsonNode synced = served.json("/api/reports").get("synced");
            assertThat(synced.get(0).get("source").asString()).isEqualTo("hubspot-test");
            assertThat(synced.get(0).get("last_success").asString()).isEqualTo("2099-01-01T02:14:00Z").isNotEqualTo(published);
            assertThat(synced.get(1).get("source").asString()).isEqualTo("other-source");
            assertThat(synced.get(1).get("last_success").isNull()).isTrue();
        } finally {
            try (Connection c = served.engine.bean(io.crmw.warehouse.Warehouse.class).connect(); var st = c.createStatement()) {
                st.execute("delete from meta.sync_run where run_id in ('later', 'failed')");
            }
        }
    }

    @Test
    void everyReportsDefaultViewIsTheSameInJsonCsvAndTheCli() throws Exception {
        List<String> empty = new ArrayList<>();
        for (JsonNode r : catalog.get("reports")) {
            String id = r.get("id").asString();
            String by = String.join(",", list(r.get("default_view").get("by")));
            JsonNode json = served.json("/api/reports/" + id + "?by=" + enc(by));
            HttpResponse<String> csv = served.get("/api/reports/" + id + "?by=" + enc(by), "Accept", "text/csv");
            assertThat(csv.statusCode()).as(id).isEqualTo(200);
            assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
            assertThat(csv.body()).as(id + ": the API's CSV is the CLI's")
                    .isEqualTo(Cli.ok("report", id, "--by", by, "--format", "csv", "--config", served.configFile.toString()));
            assertThat(served.get("/api/reports/" + id + "?format=csv&by=" + enc(by)).body()).isEqualTo(csv.body());
            assertSameFigures(id, json, csv.body());
            assertThat(json.get("total_rows").asLong()).isEqualTo(json.get("rows").size());
            if (json.get("rows").isEmpty()) {
                empty.add(id);
            }
        }
        // the shared business is HubSpot only, without goals in the CRM: these two have nothing to show
        assertThat(empty).isSubsetOf("sales_goals", "cost_allocation", "direct_conversion_stages", "direct_sales");
    }

    @Test
    void everyFilterOfEveryReportKeepsOnlyMatchingRows() throws Exception {
        Map<String, Integer> checked = new java.util.TreeMap<>(); // per filter: reports where it was seen to filter rows
        for (JsonNode r : catalog.get("reports")) {
            String id = r.get("id").asString();
            List<String> dims = list(r.get("dimensions"));
            for (String filter : list(r.get("filters"))) {
                switch (filter) {
                    case "owner", "team", "pipeline", "source" -> {
                        String col = filter.equals("source") ? "source_system"
                                : dims.contains(filter + "_name") ? filter + "_name" : filter + "_id";
                        JsonNode values = served.json("/api/reports/" + id + "?by=" + col + "&sort=" + col + ":desc&limit=1");
                        if (values.get("rows").isEmpty()) {
                            continue;
                        }
                        String value = values.get("rows").get(0).get(0).asString();
                        JsonNode only = served.json("/api/reports/" + id + "?by=" + col + "&" + filter + "=" + enc(value.toUpperCase(Locale.ROOT)));
                        assertThat(only.get("rows").size()).as(id + " " + filter + "=" + value).isEqualTo(1);
                        assertThat(only.get("rows").get(0).get(0).asString()).isEqualTo(value);
                        checked.merge(filter, 1, Integer::sum);
                    }
                    case "from", "to" -> {
                        String col = dims.contains("period_start") ? "period_start"
                                : dims.contains("cohort_period_start") ? "cohort_period_start" : "as_of_date";
                        JsonNode all = served.json("/api/reports/" + id + "?by=" + col + "&sort=" + col + "&to=9999-12-31");
                        if (all.get("rows").size() < 2) {
                            continue;
                        }
                        LocalDate middle = LocalDate.parse(all.get("rows").get(all.get("rows").size() / 2).get(0).asString());
                        JsonNode cut = served.json("/api/reports/" + id + "?by=" + col + "&" + filter + "=" + middle);
                        assertThat(cut.get("rows").size()).as(id + " " + filter).isPositive().isLessThan(all.get("rows").size());
                        for (JsonNode row : cut.get("rows")) {
                            LocalDate d = LocalDate.parse(row.get(0).asString());
                            assertThat(filter.equals("from") ? !d.isBefore(middle) : !d.isAfter(middle)).as(id + " " + d).isTrue();
                        }
                        checked.merge(filter, 1, Integer::sum);
                    }
                    case "grain" -> {
                        String col = dims.contains("period_start") ? "period_start" : "cohort_period_start";
                        for (String grain : list(r.get("grains"))) {
                            JsonNode rows = served.json("/api/reports/" + id + "?by=" + col + "&grain=" + grain).get("rows");
                            int periods = 0;
                            for (JsonNode row : rows) {
                                if (row.get(0).isNull()) {
                                    continue; // e.g. the forecast's unscheduled deals: no period
                                }
                                assertThat(startsA(grain, LocalDate.parse(row.get(0).asString()))).as(id + " " + grain + " " + row).isTrue();
                                periods++;
                            }
                            if (periods > 0) {
                                checked.merge("grain " + grain, 1, Integer::sum);
                            }
                        }
                    }
                    default -> throw new AssertionError("filter " + filter + " is not tested");
                }
            }
        }
        // every filter (and every grain) was seen keeping only matching rows in several reports, none skipped throughout
        assertThat(checked).containsKeys("owner", "team", "source", "pipeline", "from", "to", "grain week", "grain month",
                "grain quarter", "grain year");
        assertThat(checked.values()).allMatch(n -> n >= 2);
    }

    @Test
    void rollUpsRecomputeRatiosFromTheirPartsNeverAverageThem() throws Exception {
        int ratiosChecked = 0;
        for (JsonNode r : catalog.get("reports")) {
            if (r.get("ratios").isEmpty() || r.get("default_view").get("by").isEmpty()) {
                continue;
            }
            String by = list(r.get("default_view").get("by")).get(0);
            JsonNode answer = served.json("/api/reports/" + r.get("id").asString() + "?by=" + by);
            List<String> names = new ArrayList<>();
            answer.get("columns").forEach(c -> names.add(c.get("name").asString()));
            for (JsonNode ratio : r.get("ratios")) {
                for (JsonNode row : answer.get("rows")) {
                    JsonNode den = row.get(names.indexOf(ratio.get("denominator").asString()));
                    JsonNode value = row.get(names.indexOf(ratio.get("column").asString()));
                    if (den.isNull() || den.asDouble() == 0) {
                        assertThat(value.isNull()).isTrue();
                        continue;
                    }
                    double num = row.get(names.indexOf(ratio.get("numerator").asString())).asDouble();
                    assertThat(value.asDouble()).as(r.get("id").asString() + " " + ratio.get("column").asString())
                            .isCloseTo(ratio.get("factor").asDouble() * num / den.asDouble(), within(1e-6));
                    ratiosChecked++;
                }
            }
        }
        assertThat(ratiosChecked).isGreaterThan(20);

        // total_sales by team: sum(num) / sum(den) from the table, and not the mean of the rows' own averages
        JsonNode byTeam = served.json("/api/reports/total_sales?by=team_name&sort=team_name");
        Map<String, double[]> fromTable = new HashMap<>();
        try (Connection c = ReadOnlyWarehouse.open(published, "a sync");
             ResultSet rs = c.createStatement().executeQuery("""
                     select team_name, sum(avg_deal_size_num_rc) / sum(avg_deal_size_den), avg(avg_deal_size_rc)
                     from reports.total_sales group by team_name""")) {
            while (rs.next()) {
                fromTable.put(rs.getString(1), new double[] {rs.getDouble(2), rs.getDouble(3)});
            }
        }
        int column = columnIndex(byTeam, "avg_deal_size_rc");
        boolean averagingWouldDiffer = false;
        for (JsonNode row : byTeam.get("rows")) {
            double[] expected = fromTable.get(row.get(0).asString());
            assertThat(row.get(column).asDouble()).isCloseTo(expected[0], within(1e-6));
            averagingWouldDiffer |= Math.abs(expected[0] - expected[1]) > 0.01;
        }
        assertThat(averagingWouldDiffer).as("the data must tell a recomputed ratio from an averaged one").isTrue();
        // the totals are the same roll-up over every row
        double sum = 0;
        int won = columnIndex(byTeam, "won_amount_rc");
        for (JsonNode row : byTeam.get("rows")) {
            sum += row.get(won).asDouble();
        }
        assertThat(byTeam.get("totals").get("won_amount_rc").asDouble()).isCloseTo(sum, within(0.005));
    }

    @Test
    void pagingAndSortingAreTheSameEverywhere() throws Exception {
        JsonNode all = served.json("/api/reports/total_sales?by=owner_name&sort=won_amount_rc:desc");
        JsonNode page = served.json("/api/reports/total_sales?by=owner_name&sort=won_amount_rc:desc&limit=2&offset=1");
        assertThat(page.get("total_rows").asLong()).isEqualTo(all.get("rows").size());
        assertThat(page.get("rows").get(0)).isEqualTo(all.get("rows").get(1));
        assertThat(page.get("rows").get(1)).isEqualTo(all.get("rows").get(2));
        int won = columnIndex(all, "won_amount_rc");
        for (int i = 1; i < all.get("rows").size(); i++) {
            assertThat(all.get("rows").get(i - 1).get(won).asDouble()).isGreaterThanOrEqualTo(all.get("rows").get(i).get(won).asDouble());
        }
        // one total row
        JsonNode total = served.json("/api/reports/total_sales?by=");
        assertThat(total.get("rows").size()).isEqualTo(1);
        assertThat(total.get("rows").get(0).get(columnIndex(total, "won_amount_rc")).asDouble())
                .isCloseTo(all.get("totals").get("won_amount_rc").asDouble(), within(0.005));
    }

    @Test
    void badParametersAnswer400NamingTheParameterAndWhatItAccepts() throws Exception {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("/api/reports/total_sales?from=2024-02-30", "from");
        cases.put("/api/reports/total_sales?from=2025-02-01&to=2025-01-01", "from");
        cases.put("/api/reports/total_sales?by=nope", "by");
        cases.put("/api/reports/total_sales?sort=nope:desc", "sort");
        cases.put("/api/reports/total_sales?sort=won_deals:up", "sort");
        cases.put("/api/reports/total_sales?grain=fortnight", "grain");
        cases.put("/api/reports/total_sales?grain=week&by=period_start", "grain");
        cases.put("/api/reports/daily_activity?grain=month", "grain");
        cases.put("/api/reports/total_sales?limit=-1", "limit");
        cases.put("/api/reports/total_sales?limit=ten", "limit");
        cases.put("/api/reports/total_sales?offset=-3", "offset");
        cases.put("/api/reports/total_sales?format=xml", "format");
        cases.put("/api/reports/total_sales?colour=red", "colour");
        cases.put("/api/reports/cost_allocation?owner=x", "owner");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> r = served.get(c.getKey());
            assertThat(r.statusCode()).as(c.getKey()).isEqualTo(400);
            JsonNode body = ServedWarehouse.JSON.readTree(r.body());
            assertThat(body.get("parameter").asString()).as(c.getKey()).isEqualTo(c.getValue());
            assertThat(body.get("error").asString()).isNotBlank();
            assertThat(body.get("accepts").asString()).as(c.getKey()).isNotBlank();
        }
        HttpResponse<String> unknown = served.get("/api/reports/nope");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("unknown report 'nope'").contains("total_sales");
        // CSV requested, error still a JSON body
        HttpResponse<String> csvError = served.get("/api/reports/total_sales?by=nope", "Accept", "text/csv");
        assertThat(csvError.statusCode()).isEqualTo(400);
        assertThat(csvError.body()).contains("\"parameter\":\"by\"");
    }

    @Test
    void theOpenApiDescriptionIsTheServedApi() throws Exception {
        JsonNode openApi = served.json("/api/openapi.json");
        Set<String> described = new HashSet<>();
        openApi.get("paths").properties().forEach(p -> p.getValue().properties()
                .forEach(m -> described.add(m.getKey().toUpperCase(Locale.ROOT) + " " + p.getKey())));
        Set<String> served = new HashSet<>();
        ReportsApiTest.served.engine.context().getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class)
                .getHandlerMethods().forEach((info, method) -> info.getPatternValues().stream().filter(p -> p.startsWith("/api/"))
                        .forEach(p -> info.getMethodsCondition().getMethods().forEach(m -> served.add(m.name() + " " + p))));
        assertThat(described).isEqualTo(served);
        Set<String> queryParameters = new HashSet<>();
        openApi.get("paths").get("/api/reports/{id}").get("get").get("parameters").forEach(p -> {
            if (p.get("in").asString().equals("query")) {
                queryParameters.add(p.get("name").asString());
            }
        });
        assertThat(queryParameters).isEqualTo(ReportRequest.PARAMETERS);
    }

    @Test
    void syncNowIsAPostWithCsrfProtection() throws Exception {
        HttpResponse<String> noToken = served.post("/api/sources/hubspot-test/sync");
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(noToken.body()).contains("X-CSRF-Token");
        String cookie = served.get("/api/sources").headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("crmw_csrf=")).findFirst().orElseThrow();
        String csrf = cookie.substring("crmw_csrf=".length(), cookie.indexOf(';'));
        assertThat(cookie).contains("SameSite=Strict");
        HttpResponse<String> wrong = served.post("/api/sources/nope/sync", "Cookie", "crmw_csrf=" + csrf, "X-CSRF-Token", csrf + "x");
        assertThat(wrong.statusCode()).isEqualTo(403);
        HttpResponse<String> crossSite = served.post("/api/sources/nope/sync", "Cookie", "crmw_csrf=" + csrf,
                "X-CSRF-Token", csrf, "Origin", "http://evil.example");
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(crossSite.body()).contains("cross-site");
        HttpResponse<String> unknown = served.post("/api/sources/nope/sync", "Cookie", "crmw_csrf=" + csrf, "X-CSRF-Token", csrf);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("no source named 'nope'");
        // read-only everywhere else
        assertThat(served.post("/api/reports/total_sales", "Cookie", "crmw_csrf=" + csrf, "X-CSRF-Token", csrf).statusCode())
                .isEqualTo(405);
    }

    /** JSON rows and CSV lines carry the same values, cell by cell. */
    private static void assertSameFigures(String id, JsonNode json, String csv) {
        List<String> lines = csv.lines().toList();
        List<String> header = new ArrayList<>();
        json.get("columns").forEach(c -> header.add(c.get("name").asString()));
        assertThat(lines.get(0)).as(id).isEqualTo(String.join(",", header));
        assertThat(lines).as(id).hasSize(json.get("rows").size() + 1);
        for (int i = 0; i < json.get("rows").size(); i++) {
            List<String> cells = csvCells(lines.get(i + 1));
            JsonNode row = json.get("rows").get(i);
            for (int j = 0; j < header.size(); j++) {
                JsonNode v = row.get(j);
                String cell = cells.get(j);
                if (v.isNull()) {
                    assertThat(cell).as(id + " " + header.get(j)).isEmpty();
                } else if (v.isNumber()) {
                    assertThat(new BigDecimal(cell)).as(id + " " + header.get(j)).isEqualByComparingTo(v.decimalValue());
                } else {
                    assertThat(cell).as(id + " " + header.get(j)).isEqualTo(v.asString());
                }
            }
        }
    }

    private static List<String> csvCells(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        out.add(cell.toString());
        return out;
    }

    private static boolean startsA(String grain, LocalDate d) {
        return switch (grain) {
            case "day" -> true;
            case "week" -> d.getDayOfWeek() == DayOfWeek.MONDAY;
            case "month" -> d.getDayOfMonth() == 1;
            case "quarter" -> d.getDayOfMonth() == 1 && (d.getMonthValue() - 1) % 3 == 0;
            default -> d.getDayOfYear() == 1;
        };
    }

    private static JsonNode report(String id) {
        for (JsonNode r : catalog.get("reports")) {
            if (r.get("id").asString().equals(id)) {
                return r;
            }
        }
        throw new AssertionError("no report " + id);
    }

    private static int columnIndex(JsonNode answer, String name) {
        for (int i = 0; i < answer.get("columns").size(); i++) {
            if (answer.get("columns").get(i).get("name").asString().equals(name)) {
                return i;
            }
        }
        throw new AssertionError("no column " + name);
    }

    private static List<String> list(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
