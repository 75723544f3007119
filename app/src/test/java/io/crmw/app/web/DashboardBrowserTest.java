package io.crmw.app.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.crmw.app.cli.CrmwCommand;
import io.crmw.app.cli.DemoCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The dashboard in a real browser (Debian's headless Chromium) over a small demo (HubSpot and Salesforce, size 1)
 * served as {@code crmw demo --serve} serves it: every report page draws its chart and table (screenshots in
 * {@code target/screenshots/}), Total Sales filtered, grouped and sorted shows — on the page and in its CSV — exactly
 * what {@code crmw report} prints for the same request, and the Sources page shows each source and runs "Sync now".
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /** Reports the small demo has no rows for (each then shows its "no data" message): none. */
    private static final Set<String> WITHOUT_DATA_IN_THE_DEMO = Set.of();
    private static final String SYNCED_CARD = "section.source[data-source='salesforce-demo']";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What a report page shows, read in one round trip. */
    private static final String PAGE_FACTS = """
            const q = (s) => document.querySelector(s);
            const text = (s) => (q(s) ? q(s).textContent.trim().replace(/\\s+/g, ' ') : null);
            return {
              title: text('#report-title'), freshness: text('#freshness'), error: text('#error'),
              active: q('#sidebar a.active') ? q('#sidebar a.active').dataset.reportId : null,
              chartRendered: q('#chart').dataset.rendered || null, chartType: q('#chart').dataset.chartType || null,
              canvases: document.querySelectorAll('#chart canvas').length, chartEmpty: text('#chart-empty'),
              rows: document.querySelectorAll('#report-table tbody tr:not(:has(#no-data))').length,
              dataRows: q('#report-table').dataset.rows || null, noData: text('#no-data'),
              kpis: [...document.querySelectorAll('#kpis .kpi')].map((k) => k.dataset.column),
              kpiTexts: [...document.querySelectorAll('#kpis .kpi .value')].map((v) => v.textContent.trim()),
              kpiValues: [...document.querySelectorAll('#kpis .kpi .value')].map((v) => v.dataset.value),
            };""";

    @TempDir
    static Path dir;
    static ChromeDriver browser;
    static DemoCommand.Served demo;
    static JsonNode catalog;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void demoServedAndABrowser() throws Exception {
        requireChromium();
        var starting = java.util.concurrent.CompletableFuture.supplyAsync(DashboardBrowserTest::chromium);
        demo = DemoCommand.startServing("--crms", "hubspot,salesforce", "--size", "1", "--data", dir.toString(),
                "--reference-dir", "../config/reference", "--port", "0");
        browser = starting.join();
        assertThat(demo.exitCode()).as("the demo's syncs").isZero();
        catalog = JSON.readTree(get("api/reports").body());
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (demo != null) {
            demo.close();
        }
    }

    private static void requireChromium() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("the dashboard test drives Debian's headless Chromium, but " + (Files.isExecutable(CHROMIUM) ? CHROMEDRIVER : CHROMIUM)
                    + " is missing: install both with `apt-get install chromium chromium-driver`");
        }
    }

    private static ChromeDriver chromium() {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1366,900",
                "--lang=en-US", "--hide-scrollbars");
        return new ChromeDriver(options);
    }

    /** First, so that the sync it starts runs while the report pages are visited (a republish they must follow). */
    @Test
    @Order(1)
    void sourcesPageShowsEachDemoSourceAndSyncNowRunsOneSyncAtATime() throws Exception {
        browser.get(demo.dashboard().resolve("#/sources").toString());
        awaitView(hash -> hash.equals("#/sources"));
        for (String source : List.of("hubspot-demo", "salesforce-demo")) {
            WebElement card = browser.findElement(By.cssSelector("section.source[data-source='" + source + "']"));
            assertThat(card.findElement(By.tagName("h2")).getText()).isEqualTo(source);
            assertThat(card.findElement(By.cssSelector(".source-meta")).getText()).contains("Schedule: none (manual only)");
            assertThat(card.findElements(By.cssSelector("table.runs tbody tr[data-status='succeeded']"))).hasSize(1);
            assertThat(card.findElements(By.cssSelector("table.streams td[data-reconciled='true']"))).isNotEmpty();
            assertThat(card.findElements(By.cssSelector("table.streams td[data-reconciled='false']"))).isEmpty();
        }
        Files.write(SCREENSHOTS.resolve("sources.png"), browser.getScreenshotAs(OutputType.BYTES));

        // clicked in the page: the card is redrawn every few seconds while it follows the sync
        script("document.querySelector(arguments[0]).click()", SYNCED_CARD + " button.sync-now");
        await(d -> text(SYNCED_CARD + " .sync-message").equals("Sync started"));
        script("document.querySelector(arguments[0]).click()", SYNCED_CARD + " button.sync-now");
        await(d -> text(SYNCED_CARD + " .sync-message").equals("Already running"));
        assertThat(attribute(SYNCED_CARD, "data-running")).isEqualTo("true");
    }

    @Test
    @Order(2)
    void everyReportPageDrawsItsChartKpisAndTable() throws Exception {
        browser.get(demo.dashboard().toString());
        awaitView(hash -> hash.isEmpty() || hash.equals("#/"));
        List<String> inSidebar = browser.findElements(By.cssSelector("#sidebar a[data-report-id]")).stream()
                .map(a -> a.getAttribute("data-report-id")).toList();
        List<String> catalogued = new ArrayList<>();
        catalog.get("reports").forEach(r -> catalogued.add(r.get("id").asString()));
        assertThat(inSidebar).containsExactlyInAnyOrderElementsOf(catalogued).hasSizeGreaterThanOrEqualTo(26);
        assertThat(browser.findElements(By.cssSelector("#sidebar .nav-group h2")).stream().map(WebElement::getText).toList())
                .containsSubsequence("DAILY", "WEEKLY", "MONTHLY", "SALES", "MARKETING", "PROFIT", "SUPPORT", "SECONDARY");

        Set<String> withoutData = new TreeSet<>();
        Map<String, String> charts = new LinkedHashMap<>();
        for (JsonNode report : catalog.get("reports")) {
            String id = report.get("id").asString();
            browser.findElement(By.cssSelector("#sidebar a[data-report-id='" + id + "']")).click();
            awaitView(hash -> hash.equals("#/report/" + id));
            Map<?, ?> page = (Map<?, ?>) script(PAGE_FACTS);
            assertThat(page.get("error")).as(id + ": an error box").isNull();
            assertThat(page.get("title")).isEqualTo(report.get("title").asString());
            assertThat((String) page.get("freshness")).matches("synced \\d{1,2}:\\d{2}( [AP]M)?, (just now|\\d+ (min|h|d) ago)");
            assertThat(page.get("active")).isEqualTo(id);
            long rows = ((Number) page.get("rows")).longValue();
            if (rows == 0) {
                withoutData.add(id);
                assertThat((String) page.get("noData")).startsWith("No data");
                assertThat((String) page.get("chartEmpty")).startsWith("No data");
            } else {
                assertThat(page.get("chartRendered")).as(id + ": chart drawn").isEqualTo("true");
                assertThat(page.get("chartType")).isEqualTo(report.at("/default_view/chart/type").asString());
                assertThat(((Number) page.get("canvases")).intValue()).as(id + ": the chart's canvas").isPositive();
                assertThat(page.get("dataRows")).isEqualTo(String.valueOf(rows));
                List<String> kpis = new ArrayList<>();
                report.at("/default_view/kpis").forEach(k -> kpis.add(k.asString()));
                assertThat(((List<?>) page.get("kpis")).stream().map(String::valueOf).toList()).as(id + ": the KPI header")
                        .containsExactlyElementsOf(kpis);
                // a figure for every KPI; "–" only for a ratio without a denominator (no satisfaction ratings in a demo
                // without a help desk)
                List<String> ratios = new ArrayList<>();
                report.get("ratios").forEach(r -> ratios.add(r.get("column").asString()));
                List<?> texts = (List<?>) page.get("kpiTexts");
                List<?> values = (List<?>) page.get("kpiValues");
                List<String> by = new ArrayList<>();
                report.at("/default_view/by").forEach(b -> by.add(b.asString()));
                JsonNode totals = JSON.readTree(get("api/reports/" + id + "?limit=1&by="
                        + java.net.URLEncoder.encode(String.join(",", by), java.nio.charset.StandardCharsets.UTF_8)).body()).get("totals");
                for (int k = 0; k < kpis.size(); k++) {
                    JsonNode total = totals.get(kpis.get(k));
                    // the figure behind each KPI is the API's total row for the same view
                    assertSameFigure(id + " KPI " + kpis.get(k), (String) values.get(k), total == null || total.isNull() ? "" : total.asString());
                    String text = (String) texts.get(k);
                    assertThat(text).as(id + " KPI " + kpis.get(k)).isNotBlank();
                    if (!ratios.contains(kpis.get(k))) {
                        assertThat(text).as(id + " KPI " + kpis.get(k)).isNotEqualTo("–");
                    }
                }
            }
            charts.put(id, (String) page.get("chartType"));
            Files.write(SCREENSHOTS.resolve(id + ".png"), browser.getScreenshotAs(OutputType.BYTES));
        }
        System.out.println("dashboard: every report's page and chart: " + charts + "; without data: " + withoutData);
        assertThat(withoutData).isEqualTo(WITHOUT_DATA_IN_THE_DEMO);
    }

    @Test
    @Order(3)
    void totalSalesFilteredGroupedAndSortedShowsWhatTheCliPrints() throws Exception {
        // the owner and source with the most won deals, and a period that cuts some of their months off
        List<Map<String, String>> busiest = csv(cli("total_sales", "--by", "owner_name,source_system",
                "--sort", "won_deals:desc", "--limit", "1", "--format", "csv"));
        String owner = busiest.get(0).get("owner_name");
        String source = busiest.get(0).get("source_system");
        List<String> months = csv(cli("total_sales", "--by", "period_start", "--owner", owner, "--source", source,
                "--sort", "period_start", "--format", "csv")).stream().map(r -> r.get("period_start")).toList();
        assertThat(months).as("months of " + owner + " in " + source).hasSizeGreaterThanOrEqualTo(3);
        String from = months.get(1);
        String to = months.get(months.size() - 2);

        browser.findElement(By.cssSelector("#sidebar a[data-report-id='total_sales']")).click();
        awaitView(hash -> hash.equals("#/report/total_sales"));
        setDate("filter-from", from);
        awaitView(hash -> hash.contains("from=" + from));
        setDate("filter-to", to);
        awaitView(hash -> hash.contains("to=" + to));
        choose("filter-owner", owner);
        awaitView(hash -> hash.contains("owner="));
        choose("filter-source", source);
        awaitView(hash -> hash.contains("source=" + source));
        browser.findElement(By.cssSelector("#group-by summary")).click();
        browser.findElement(By.cssSelector("#group-by input[data-dimension='period_start']")).click();
        awaitView(hash -> hash.contains("by=team_name"));
        browser.findElement(By.cssSelector("#group-by summary")).click(); // closes the menu
        browser.findElement(By.cssSelector("#report-table th[data-column='won_amount_rc']")).click();
        awaitView(hash -> hash.contains("sort=won_amount_rc:desc"));
        String hash = (String) script("return location.hash");
        assertThat(hash).startsWith("#/report/total_sales?by=team_name&from=" + from + "&to=" + to + "&owner=")
                .contains("&source=" + source, "&sort=won_amount_rc:desc");

        String expected = cli("total_sales", "--by", "team_name", "--from", from, "--to", to, "--owner", owner,
                "--source", source, "--sort", "won_amount_rc:desc", "--format", "csv");
        List<Map<String, String>> expectedRows = csv(expected);
        assertThat(expectedRows).as("the CLI's rows").isNotEmpty();

        // the CSV link: the same request, same bytes
        String href = browser.findElement(By.id("csv-link")).getAttribute("href");
        assertThat(href).contains("by=team_name", "sort=won_amount_rc:desc", "limit=50", "offset=0", "format=csv");
        HttpResponse<String> download = http.send(HttpRequest.newBuilder(URI.create(href)).header("Cookie", browserCookies()).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Disposition").orElse("")).contains("attachment", "total_sales.csv");
        assertThat(download.body()).isEqualTo(expected);

        // the table: every cell of every row the CLI prints, in its order
        List<String> shownColumns = browser.findElements(By.cssSelector("#report-table thead th")).stream()
                .map(th -> th.getAttribute("data-column")).toList();
        assertThat(shownColumns).containsExactlyInAnyOrderElementsOf(expectedRows.get(0).keySet());
        List<WebElement> rows = browser.findElements(By.cssSelector("#report-table tbody tr"));
        assertThat(rows).hasSize(expectedRows.size());
        NumberFormat money = NumberFormat.getNumberInstance(Locale.US);
        money.setMinimumFractionDigits(2);
        money.setMaximumFractionDigits(2);
        for (int i = 0; i < rows.size(); i++) {
            Map<String, String> want = expectedRows.get(i);
            for (WebElement td : rows.get(i).findElements(By.tagName("td"))) {
                String column = td.getAttribute("data-column");
                assertSameFigure(column + " of row " + (i + 1), td.getAttribute("data-value"), want.get(column));
            }
            WebElement amount = rows.get(i).findElement(By.cssSelector("td[data-column='won_amount_rc']"));
            assertThat(amount.getText()).isEqualTo(money.format(new BigDecimal(want.get("won_amount_rc"))));
        }
        // the KPI header: the totals of the same filters
        BigDecimal wonTotal = expectedRows.stream().map(r -> new BigDecimal(r.get("won_amount_rc"))).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertSameFigure("won_amount_rc KPI", browser.findElement(By.cssSelector(".kpi[data-column='won_amount_rc'] .value"))
                .getAttribute("data-value"), wonTotal.toPlainString());
        assertThat(browser.findElement(By.cssSelector(".kpi[data-column='won_amount_rc'] .value")).getText()).startsWith("$");
        Files.write(SCREENSHOTS.resolve("total_sales-filtered.png"), browser.getScreenshotAs(OutputType.BYTES));

        // a reload restores the same view from the address alone
        browser.navigate().refresh();
        awaitView(h -> h.equals(hash));
        assertThat(new Select(browser.findElement(By.id("filter-owner"))).getFirstSelectedOption().getAttribute("value")).isEqualTo(owner);
        assertThat(browser.findElements(By.cssSelector("#report-table tbody tr"))).hasSize(expectedRows.size());
    }

    @Test
    @Order(4)
    void theSyncStartedOnTheSourcesPageFinishesThere() {
        browser.findElement(By.cssSelector("#sidebar a[data-page='sources']")).click();
        awaitView(hash -> hash.equals("#/sources"));
        // the page follows a running sync until it has finished
        awaitLong(d -> ((Number) script("return document.querySelectorAll(arguments[0]).length",
                SYNCED_CARD + " table.runs tbody tr[data-status='succeeded']")).intValue() == 2
                && "false".equals(attribute(SYNCED_CARD, "data-running")));
        assertThat(((Number) script("return document.querySelectorAll(arguments[0]).length", SYNCED_CARD + " table.runs tbody tr"))
                .intValue()).as("one run per Sync now").isEqualTo(2);
        // the newest run is the one Sync now started, and says so
        assertThat(script("return document.querySelector(arguments[0]).cells[1].textContent",
                SYNCED_CARD + " table.runs tbody tr")).isEqualTo("manual");
    }

    // --- helpers

    /** Waits until the page has drawn the view at an address the test expects. */
    private static void awaitView(Predicate<String> hash) {
        await(d -> {
            Object state = script("return [document.body.dataset.state, document.body.dataset.view || '', location.hash]");
            List<?> s = (List<?>) state;
            return hash.test((String) s.get(2)) && ("ready".equals(s.get(0)) || "error".equals(s.get(0)))
                    && s.get(1).equals(s.get(2));
        });
        assertThat(browser.findElement(By.tagName("body")).getAttribute("data-state")).isEqualTo("ready");
    }

    private static void await(java.util.function.Function<org.openqa.selenium.WebDriver, Boolean> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(15), Duration.ofMillis(25))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition);
    }

    private static void awaitLong(java.util.function.Function<org.openqa.selenium.WebDriver, Boolean> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofMillis(100))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition);
    }

    private static Object script(String js, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(js, args);
    }

    /** An element's text, read in the page (the Sources page redraws itself while it follows a sync). */
    private static String text(String css) {
        return (String) script("const e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : '';", css);
    }

    private static String attribute(String css, String name) {
        return (String) script("const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null;",
                css, name);
    }

    /** A date input is set as a person's date picker would: value, then change. */
    private static void setDate(String id, String isoDate) {
        script("const i = document.getElementById(arguments[0]); i.value = arguments[1];"
                + " i.dispatchEvent(new Event('change', {bubbles: true}));", id, isoDate);
    }

    private static void choose(String id, String value) {
        await(d -> "true".equals(d.findElement(By.id(id)).getAttribute("data-loaded")));
        new Select(browser.findElement(By.id(id))).selectByValue(value);
    }

    private static String browserCookies() {
        return browser.manage().getCookies().stream().map(c -> c.getName() + "=" + c.getValue()).collect(Collectors.joining("; "));
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(demo.dashboard().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertSameFigure(String what, String shown, String expected) {
        String e = expected == null ? "" : expected;
        if (isNumber(shown) && isNumber(e)) {
            assertThat(new BigDecimal(shown)).as(what).isEqualByComparingTo(new BigDecimal(e));
        } else {
            assertThat(shown).as(what).isEqualTo(e);
        }
    }

    private static boolean isNumber(String s) {
        return s != null && s.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
    }

    /** {@code crmw report ARGS --config <the demo's>}, in process; its standard output. */
    private static synchronized String cli(String... args) {
        List<String> full = new ArrayList<>(List.of("report"));
        full.addAll(List.of(args));
        full.add("--config");
        full.add(demo.config().file().toString());
        StringWriter err = new StringWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = CrmwCommand.execute(new PrintWriter(err, true), full.toArray(String[]::new));
        } finally {
            System.setOut(saved);
        }
        assertThat(code).as(String.join(" ", full) + ": " + err).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A CSV with a header row (RFC 4180 quotes) as one map per row, columns in order. */
    static List<Map<String, String>> csv(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\n') {
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
            } else if (c != '\r') {
                field.append(c);
            }
        }
        if (field.length() > 0 || !record.isEmpty()) {
            record.add(field.toString());
            records.add(record);
        }
        List<Map<String, String>> rows = new ArrayList<>();
        for (List<String> r : records.subList(1, records.size())) {
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < records.get(0).size(); i++) {
                row.put(records.get(0).get(i), i < r.size() ? r.get(i) : "");
            }
            rows.add(row);
        }
        return rows;
    }
}
