package io.crmw.app.bench;

import com.sun.net.httpserver.HttpServer;
import io.crmw.etl.normalize.NormalizationSteps;
import io.crmw.etl.normalize.NormalizerRegistry;
import io.crmw.warehouse.Warehouse;
import io.crmw.warehouse.raw.BatchBounds;
import io.crmw.warehouse.raw.RawLanding;
import io.crmw.warehouse.raw.RawRecord;
import java.io.BufferedWriter;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.builder.SimpleJobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.support.TaskExecutorJobOperator;
import org.springframework.batch.core.repository.support.ResourcelessJobRepository;
import org.springframework.batch.core.step.Step;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 13, item 2: simulator → raw → core for N HubSpot deals, per stage records/s and peak heap, and the ratio to
 * DuckDB's own {@code read_json} of the same pages, measured in the same run. Not a test.
 *
 * <p>The simulator is a loopback HubSpot-shaped list endpoint ({@code GET /crm/v3/objects/deals?limit=100&after=…},
 * associations inline, no rate limit) that generates each page from its offset, so it holds nothing and 1M records fit
 * any heap; the sandbox keeps its whole business in memory and cannot go that far under {@code -Xmx512m}. Stages:
 * <ol>
 *   <li><b>extract → raw</b>: pages fetched over HTTP (OkHttp, one connection), each record re-serialized with
 *       Jackson as the HubSpot connector does, landed through {@link RawLanding.PageBatch} with
 *       {@link BatchBounds#DEFAULT} (what the extractor uses), or {@link BatchBounds#ONE_PAGE} with {@code --one-page}
 *       (the landing before batching);</li>
 *   <li><b>raw → core</b>: the HubSpot deals steps (the set-based mapping, or with {@code --java-mappers} the chunk
 *       step of the Java mapper, then the finishing SQL), as the pipeline runs them;</li>
 *   <li><b>read_json</b>: the same pages' records, saved as newline-delimited JSON beforehand (untimed), read by
 *       DuckDB with an explicit schema into a typed table of the deal fields: the machine's own rate for this data.</li>
 * </ol>
 * End to end = N / (extract + normalize seconds). Peak heap is the heap pools' peak use during each stage.
 *
 * <pre>
 * ./mvnw -q -o -pl app test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/app-cp.txt -Dmdep.includeScope=test
 * cd app && java -Xmx512m -cp target/test-classes:target/classes:$(cat /tmp/app-cp.txt) \
 *     io.crmw.app.bench.LandAndNormalizeBenchmark 100000 [--one-page] [--java-mappers]
 * </pre>
 */
public final class LandAndNormalizeBenchmark {

    static final int PAGE = 100;
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        boolean onePage = List.of(args).contains("--one-page");
        if (List.of(args).contains("--java-mappers")) {
            System.setProperty(NormalizationSteps.JAVA_MAPPERS_PROPERTY, "true");
        }
        BatchBounds bounds = onePage ? BatchBounds.ONE_PAGE : BatchBounds.DEFAULT;
        int at = List.of(args).indexOf("--bounds");
        if (at >= 0) {
            String[] b = args[at + 1].split(",");
            bounds = new BatchBounds(Integer.parseInt(b[0]), Long.parseLong(b[1]));
        }
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Path dir = Files.createTempDirectory("crmw-land-bench");
        HttpServer server = simulator(n);
        try (Warehouse warehouse = Warehouse.open(dir.resolve("bench.duckdb"))) {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            OkHttpClient http = new OkHttpClient();
            System.out.printf("%,d HubSpot deals, pages of %d, landing bounds %s, %s, max heap %,d MB%n", n, PAGE, bounds,
                    Boolean.getBoolean(NormalizationSteps.JAVA_MAPPERS_PROPERTY) ? "Java mappers" : "set-based mappings",
                    Runtime.getRuntime().maxMemory() >> 20);

            // the same pages as files for read_json (not timed)
            Path pages = Files.createDirectories(dir.resolve("pages"));
            savePages(http, base, pages);

            resetPeaks();
            long t0 = System.nanoTime();
            long landed = extract(http, base, warehouse.landing(), bounds);
            double extractS = seconds(t0);
            long extractHeap = peakHeapMb();

            resetPeaks();
            long t1 = System.nanoTime();
            JobExecution normalized = normalizeDeals(warehouse);
            double normalizeS = seconds(t1);
            long normalizeHeap = peakHeapMb();

            long t2 = System.nanoTime();
            long typed = readJson(warehouse, pages);
            double readJsonS = seconds(t2);

            long t3 = System.nanoTime();
            long floorRows = landAlone(warehouse, pages);
            double landAloneS = seconds(t3);

            long coreDeals;
            long history;
            try (Connection c = warehouse.connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select (select count(*) from core.deal),"
                         + " (select count(*) from core.deal_stage_history)")) {
                rs.next();
                coreDeals = rs.getLong(1);
                history = rs.getLong(2);
            }
            double endToEnd = n / (extractS + normalizeS);
            double readJsonRate = typed / readJsonS;
            System.out.printf("%-22s %12s %10s %14s%n", "stage", "records", "seconds", "records/s");
            System.out.printf("%-22s %,12d %10.1f %,14.0f   peak heap %,d MB%n", "extract -> raw", landed, extractS,
                    landed / extractS, extractHeap);
            System.out.printf("%-22s %,12d %10.1f %,14.0f   peak heap %,d MB, %s, %,d stage history rows%n",
                    "raw -> core (deals)", coreDeals, normalizeS, n / normalizeS, normalizeHeap,
                    normalized.getStatus(), history);
            for (var step : normalized.getStepExecutions()) {
                System.out.printf("  %-34s %10.1f s%n", step.getStepName(),
                        java.time.Duration.between(step.getStartTime(), step.getEndTime()).toMillis() / 1e3);
            }
            System.out.printf("%-22s %,12d %10.1f %,14.0f%n", "end to end", coreDeals, extractS + normalizeS, endToEnd);
            System.out.printf("%-22s %,12d %10.1f %,14.0f%n", "DuckDB read_json", typed, readJsonS, readJsonRate);
            System.out.printf("ratio end to end / read_json = %.3f; extract / read_json = %.3f; normalize / read_json = %.3f%n",
                    endToEnd / readJsonRate, landed / extractS / readJsonRate, n / normalizeS / readJsonRate);
            // what no pipeline that keeps the vendor's JSON before normalizing can beat here: DuckDB storing the same
            // records in a raw table by itself, then reading them no slower than read_json does
            double ceiling = n / (landAloneS + readJsonS);
            System.out.printf("%-22s %,12d %10.1f %,14.0f   (set-based: no HTTP, no Java; the raw layer's floor)%n",
                    "DuckDB raw landing", floorRows, landAloneS, floorRows / landAloneS);
            System.out.printf("ceiling with a raw layer = n / (raw landing + read_json) = %,.0f records/s = %.3f of read_json"
                    + "; this pipeline reaches %.2f of that ceiling%n", ceiling, ceiling / readJsonRate, endToEnd / ceiling);
        } finally {
            server.stop(0);
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Reads every page from the simulator and lands it, the cursor being the next page's {@code after}. */
    static long extract(OkHttpClient http, String base, RawLanding landing, BatchBounds bounds) throws Exception {
        long landed = 0;
        String after = null;
        try (RawLanding.PageBatch batch = landing.openBatch("hubspot-main", "deals", "bench", bounds)) {
            do {
                JsonNode page = JSON.readTree(fetch(http, base, after));
                List<RawRecord> records = new ArrayList<>(PAGE);
                for (JsonNode r : page.path("results")) {
                    records.add(new RawRecord(r.path("id").asString(), r.path("updatedAt").asString(), false,
                            JSON.writeValueAsString(r)));
                }
                JsonNode next = page.path("paging").path("next").path("after");
                after = next.isMissingNode() ? null : next.asString();
                landed += batch.add(records, after, after == null).records();
            } while (after != null);
        }
        return landed;
    }

    static String fetch(OkHttpClient http, String base, String after) throws Exception {
        String url = base + "/crm/v3/objects/deals?limit=" + PAGE + (after == null ? "" : "&after=" + after);
        try (Response response = http.newCall(new Request.Builder().url(url).build()).execute()) {
            if (response.code() != 200) {
                throw new IllegalStateException(url + " -> " + response.code());
            }
            return response.body().string();
        }
    }

    /**
     * The pages' records as newline-delimited JSON, one record per line, in files of 100,000 records. (DuckDB reads
     * whole pages, {@code {"results":[…]}} one per line, at about 30k records/s here: unnesting a list of 100 structs
     * costs more than the parse, so the records form is the machine's rate.)
     */
    static void savePages(OkHttpClient http, String base, Path pages) throws Exception {
        String after = null;
        int page = 0;
        BufferedWriter out = null;
        try {
            do {
                if (page % 1000 == 0) {
                    if (out != null) {
                        out.close();
                    }
                    out = Files.newBufferedWriter(pages.resolve("records-" + (page / 1000) + ".json"));
                }
                JsonNode body = JSON.readTree(fetch(http, base, after));
                for (JsonNode r : body.path("results")) {
                    out.write(JSON.writeValueAsString(r));
                    out.newLine();
                }
                JsonNode next = body.path("paging").path("next").path("after");
                after = next.isMissingNode() ? null : next.asString();
                page++;
            } while (after != null);
        } finally {
            if (out != null) {
                out.close();
            }
        }
    }

    static JobExecution normalizeDeals(Warehouse warehouse) throws Exception {
        var repo = new ResourcelessJobRepository();
        var operator = new TaskExecutorJobOperator();
        operator.setJobRepository(repo);
        operator.setJobRegistry(new MapJobRegistry());
        operator.afterPropertiesSet();
        List<Step> steps = new NormalizationSteps(repo, warehouse, NormalizerRegistry.defaults(),
                NormalizationSteps.CHUNK_SIZE).stepsFor("hubspot-main", "hubspot").stream()
                .filter(s -> s.getName().endsWith("Deals")).toList();
        SimpleJobBuilder job = new JobBuilder("bench", repo).start(steps.get(0));
        steps.stream().skip(1).forEach(job::next);
        return operator.start(job.build(), new JobParameters());
    }

    /** DuckDB's own rate: the saved pages into a typed table of the fields the deal mapper reads. */
    static long readJson(Warehouse warehouse, Path pages) throws Exception {
        String props = "STRUCT(amount VARCHAR, amount_in_home_currency VARCHAR, closedate VARCHAR, createdate VARCHAR,"
                + " deal_currency_code VARCHAR, dealname VARCHAR, dealstage VARCHAR, dealtype VARCHAR,"
                + " hs_analytics_source VARCHAR, hs_deal_stage_probability VARCHAR, hs_is_closed VARCHAR,"
                + " hs_is_closed_won VARCHAR, hs_lastmodifieddate VARCHAR, hubspot_owner_id VARCHAR, pipeline VARCHAR)";
        String columns = "{id: 'VARCHAR', properties: '" + props + "', createdAt: 'VARCHAR', updatedAt: 'VARCHAR',"
                + " archived: 'BOOLEAN', associations: 'STRUCT(companies VARCHAR[], contacts VARCHAR[])'}";
        try (Connection c = warehouse.connect(); Statement st = c.createStatement()) {
            st.execute("create table main.read_json_deals as\n"
                    + "select r.id, r.properties.dealname as dealname, r.properties.pipeline as pipeline,\n"
                    + "       r.properties.dealstage as dealstage, try_cast(r.properties.amount as decimal(18,2)) as amount,\n"
                    + "       upper(r.properties.deal_currency_code) as currency_code,\n"
                    + "       try_cast(r.properties.hs_deal_stage_probability as double) as probability,\n"
                    + "       try_cast(r.properties.createdate as timestamptz) as created_at,\n"
                    + "       try_cast(r.properties.closedate as timestamptz) as close_date,\n"
                    + "       try_cast(r.properties.hs_lastmodifieddate as timestamptz) as modified_at,\n"
                    + "       r.properties.hubspot_owner_id as owner_id, r.associations.companies[1] as company_id,\n"
                    + "       r.associations.contacts as contacts\n"
                    + "from read_json('" + pages + "/*.json', format = 'newline_delimited', columns = " + columns + ") as r");
            try (ResultSet rs = st.executeQuery("select count(*) from main.read_json_deals")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * The raw layer's floor: the saved records stored by DuckDB alone, set-based, in a table shaped like a raw table
     * (envelope columns and the JSON payload, as {@link RawLanding} writes them), then checkpointed.
     */
    static long landAlone(Warehouse warehouse, Path pages) throws Exception {
        try (Connection c = warehouse.connect(); Statement st = c.createStatement()) {
            st.execute("create table main.raw_alone (_source varchar not null, _stream varchar not null,"
                    + " _id varchar not null, _cursor varchar, _deleted boolean not null, _extracted_at timestamptz not null,"
                    + " _run_id varchar, _seq bigint not null, payload json)");
            st.execute("insert into main.raw_alone select 'hubspot-main', 'deals', json_extract_string(line, '$.id'),"
                    + " json_extract_string(line, '$.updatedAt'), false, now(), 'bench', row_number() over (), line"
                    + " from read_csv('" + pages + "/*.json', header = false, delim = chr(1), quote = '', escape = '',"
                    + " columns = {'line': 'VARCHAR'})");
            st.execute("checkpoint");
            try (ResultSet rs = st.executeQuery("select count(*) from main.raw_alone")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A HubSpot-shaped list endpoint over {@code n} deals, each page generated from its offset. */
    static HttpServer simulator(int n) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "deals-simulator");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/crm/v3/objects/deals", exchange -> {
            String query = URI.create(exchange.getRequestURI().toString()).getRawQuery();
            int from = 0;
            for (String kv : query == null ? new String[0] : query.split("&")) {
                if (kv.startsWith("after=")) {
                    from = Integer.parseInt(kv.substring(6));
                }
            }
            int to = Math.min(n, from + PAGE);
            StringBuilder sb = new StringBuilder(PAGE * 1_100).append("{\"results\":[");
            for (int i = from; i < to; i++) {
                if (i > from) {
                    sb.append(',');
                }
                sb.append(deal(i));
            }
            sb.append(']');
            if (to < n) {
                sb.append(",\"paging\":{\"next\":{\"after\":\"").append(to).append("\"}}");
            }
            sb.append('}');
            byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(body);
            }
        });
        server.start();
        return server;
    }

    /** One deal as HubSpot lists it: 3 stages entered (5 stage-history properties), a company and 2 contacts inline. */
    public static String deal(int i) {
        String stage = switch (i % 4) {
            case 0 -> "closedwon";
            case 1 -> "closedlost";
            default -> "decisionmakerboughtin"; // open, past contractsent (a property name appears once per object)
        };
        return """
                {"id":"%d","properties":{"amount":"%d.50","amount_in_home_currency":"%d.00","closedate":"2024-07-15T00:00:00Z",\
                "createdate":"2024-05-01T09:12:44.12Z","deal_currency_code":"EUR","dealname":"Deal %d","dealstage":"%s",\
                "dealtype":"newbusiness","hs_analytics_source":"ORGANIC_SEARCH","hs_deal_stage_probability":"0.9",\
                "hs_is_closed":"%s","hs_is_closed_won":"%s","hs_lastmodifieddate":"2024-07-15T14:03:11.501Z",\
                "hubspot_owner_id":"9123%d","pipeline":"default",\
                "hs_date_entered_appointmentscheduled":"2024-05-01T09:12:44.120Z",\
                "hs_date_exited_appointmentscheduled":"2024-05-20T14:03:11.5Z",\
                "hs_date_entered_contractsent":"2024-05-20T14:03:11.5Z","hs_date_exited_contractsent":"1721052000000",\
                "hs_date_entered_%s":"1721052000000"},\
                "createdAt":"2024-05-01T09:12:44.120Z","updatedAt":"2024-07-15T14:03:11.501Z","archived":false,\
                "associations":{"companies":["%d"],"contacts":["%d","%d"]}}"""
                .formatted(100_000 + i, i * 10, i * 11, i, stage, i % 4 < 2, i % 4 == 0, i % 20, stage, i % 5000,
                        i * 2, i * 2 + 1);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void resetPeaks() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeapMb() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum() >> 20;
    }
}
