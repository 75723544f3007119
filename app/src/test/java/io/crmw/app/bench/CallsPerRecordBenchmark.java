package io.crmw.app.bench;

import io.crmw.app.e2e.PipelineHarness;
import io.crmw.connectors.spi.RateLimit;
import io.crmw.connectors.spi.SourceConfig;
import io.crmw.sandbox.Sandbox;
import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.business.Crm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Counts the HTTP calls a sync spends per record, for every CRM the sandbox simulates with a connector (issue 13,
 * item 1: "Calls per record at the vendor floor"). For each CRM it starts a sandbox of size {@code n} (default 4,
 * rate limits off) with that CRM and HubSpot (the sandbox always runs HubSpot; the business is split between the two),
 * syncs that CRM's source alone, runs a first load and then an incremental sync with no changes in between
 * (the simulators offer no cheap uniform mutation, so the incremental figures are the fixed cost of a run), and prints
 * per stream the {@code meta.stream_run} HTTP calls and records, calls per 1,000 records, and the run's totals from
 * {@code meta.sync_run} (which also count calls outside the streams, e.g. OAuth tokens).
 *
 * <p>Two floors per stream. "floor" is the bare page floor: {@code max(1, ceil(records / page))} at the vendor's
 * largest page (HubSpot list 100, Salesforce REST 2,000, Pipedrive v2 500, Zoho 200, Zendesk Support exports 1,000,
 * Zendesk Sell 100), asymptotically {@code 1000 / page} calls per 1,000 records. "doc floor" is the documented minimum
 * of the stream's run ({@code docs/call-floors.md}, {@code docs/<crm>.md}): for HubSpot CRM objects the properties call
 * of the type, the archived listing and the count (free on an incremental run whose window fits the newest-first search
 * page), association reads of a window, search pages of 200 on incremental runs; for Salesforce the run's token and
 * its one Composite of describes (counts ride with each pass's first query); for the others ({@link #floor}) one call
 * per listing the stream must read (the live list, and the archived list, deleted feed or Firehose the vendor keeps
 * apart), one more per further page, one per parent whose children have no bulk endpoint (Pipedrive's per-deal
 * changelog for deals whose stage moved, Zoho's per-deal Stage_History, Sell's per-order line items) or per bounded
 * batch (Pipedrive's deal products, 100 deals a call; Zoho's further field sets, 100 ids a call); field metadata read
 * by several streams is one listing, counted with the stream that lands it (so per stream a ratio may be above or
 * below 1; the run's total is what counts); Zoho's run adds its OAuth token. "ratio" is measured calls / floor. Not a
 * test.
 *
 * <p>{@code ... CallsPerRecordBenchmark <size> throttled} instead runs a first load per vendor limit kind against a
 * simulator enforcing the limit as the vendor does, the source budgeting the same, and prints the calls, the 429s
 * drawn, the extraction's elapsed time (first stream start to last stream end) and calls ÷ allowed rate.
 *
 * <pre>
 * ./mvnw -q -o -pl app test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/app-cp.txt
 * java -cp app/target/test-classes:app/target/classes:$(cat /tmp/app-cp.txt) io.crmw.app.bench.CallsPerRecordBenchmark 4 [hubspot,zoho,...|throttled]
 * </pre>
 * (The harness reads {@code ../config/reference} relative to the working directory: run the {@code java} line from
 * {@code app/} with {@code -cp target/test-classes:target/classes:$(cat /tmp/app-cp.txt)}.)
 *
 * <p>Measured on 2026-12-07, 2 cores (shared, load ~10), size 2, rate limits off (totals per run from
 * {@code meta.sync_run}; incremental "records" are the lookback overlap and the small reference streams re-read in
 * full, nothing was changed between the runs):
 * <pre>
 * crm           run     before calls   calls   records    calls/1k  page floor  ratio  doc floor  ratio
 * hubspot       first          191       104      5890        17.7        66    1.58       103    1.01
 * hubspot       incr            78        66       321       205.6        20    3.30        55    1.20
 * salesforce    first           70        20      3033         6.6        18    1.11        20    1.00
 * salesforce    incr            70        20       762        26.2        18    1.11        20    1.00
 * pipedrive     first          112       109       994       109.7        21    5.19       108    1.01
 * pipedrive     incr            32        28       177       158.2        21    1.33        28    1.00
 * zoho          first          183       170      1471       115.6        21    8.10       170    1.00
 * zoho          incr            59        46       297       154.9        21    2.19        46    1.00
 * zendesk       first           11        10       802        12.5         8    1.25        10    1.00
 * zendesk       incr            10        10       349        28.7         8    1.25        10    1.00
 * zendesk-sell  first           78        78       615       126.8        17    4.59        78    1.00
 * zendesk-sell  incr            77        20        68       294.1        16    1.25        20    1.00
 * </pre>
 * Before (main at fe684ef): every Salesforce stream spent its own describe, a COUNT() for the Bulk decision, the
 * query, a queryAll deleted pass and a COUNT() after it; HubSpot first loads searched (200 without associations) and
 * read associations per type per 100 ids; field metadata was read twice per run (Pipedrive's five {@code *Fields},
 * Zoho's twelve {@code /settings/fields}, Zendesk's ticket fields); Pipedrive re-read the changelog of deals whose
 * stage had not moved; Sell's incremental run re-read every order's line items (59 calls, now 1). The per-parent calls
 * of a first load (Pipedrive deal_changelog 82 calls for 97 deals, Zoho deal_stage_history 125 for 124, Sell
 * line_items 59 for 58) are the floor: none of the three vendors has a bulk form of these endpoints. The remaining
 * HubSpot gap on incremental runs: a window's associations are read per type (v4 batch), where a one-record window of
 * an activity stream could be read with one GET (which fails on a record archived in between). At size 2 calls per
 * 1,000 are mostly the fixed cost of ~20 small streams per CRM.
 *
 * <p>Throttled first loads, same day and machine, size 2 ({@code throttled}):
 * <pre>
 * crm           limit kind                                            calls   429s  elapsed s calls/rate  ratio retry
 * pipedrive     rolling 2 s burst, documented (Growth, API token)       109      0        7.3        5.5   1.35     0
 * pipedrive     rolling 2 s burst, scaled to 4 per 2 s (steady state)    109      0       54.5       54.5   1.00     0
 * zoho          calls in flight, documented (Standard: 10)              170      0        3.4          -      -     0
 * zendesk       per minute, documented (Team), exports 10 a minute       10      0        1.1        3.0   0.36     0
 * zendesk-sell  per hour, documented                                     78      0        4.0        7.8   0.51     0
 * </pre>
 * At the documented limits a run this small is not bound by the budget (the first window's calls go at once; the
 * Pipedrive run is bound by the 82 sequential changelog calls, ratio above 1 from their latency, not from waiting);
 * the scaled Pipedrive run is, and spends calls ÷ allowed rate to the tenth of a second with no 429. The per-minute
 * and per-hour kinds are checked at their limits in {@code RateLimiterTest} (a fake ticker against a fake vendor with
 * latency: twenty windows of calls, no 429, within 5 % of calls ÷ rate).
 */
public final class CallsPerRecordBenchmark {

    record Target(String type, Crm crm, int page) {}

    static final List<Target> TARGETS = List.of(
            new Target("hubspot", Crm.HUBSPOT, 100),
            new Target("salesforce", Crm.SALESFORCE, 2000),
            new Target("pipedrive", Crm.PIPEDRIVE, 500),
            new Target("zoho", Crm.ZOHO, 200),
            new Target("zendesk", Crm.ZENDESK_SUPPORT, 1000),
            new Target("zendesk-sell", Crm.ZENDESK_SELL, 100));

    /**
     * A throttled first load: the simulator enforcing {@code limit} the way the vendor does, the source budgeting the
     * same (its connector's declared default when {@code override} is false, else the same figure as its
     * {@code rate-limit}).
     */
    record Throttled(String type, Crm crm, String kind, RateLimit limit, boolean override,
                     UnaryOperator<SandboxOptions> limits) {}

    static final List<Throttled> THROTTLED = List.of(
            new Throttled("pipedrive", Crm.PIPEDRIVE, "rolling 2 s burst, documented (Growth, API token)",
                    new RateLimit(40, Duration.ofSeconds(2)), false, o -> o),
            new Throttled("pipedrive", Crm.PIPEDRIVE, "rolling 2 s burst, scaled to 4 per 2 s (steady state)",
                    new RateLimit(4, Duration.ofSeconds(2)), true, o -> o.withPipedriveLimits(4, 0)),
            new Throttled("zoho", Crm.ZOHO, "calls in flight, documented (Standard: 10)", RateLimit.concurrent(10),
                    false, o -> o),
            new Throttled("zendesk", Crm.ZENDESK_SUPPORT, "per minute, documented (Team), exports 10 a minute",
                    new RateLimit(200, Duration.ofMinutes(1)), false, o -> o),
            new Throttled("zendesk-sell", Crm.ZENDESK_SELL, "per hour, documented",
                    new RateLimit(36_000, Duration.ofHours(1)), false, o -> o));

    /** Throttled runs: elapsed extraction time against calls ÷ allowed rate, and the 429s drawn. */
    static void throttled(int size) throws Exception {
        System.out.printf("%n== throttled first loads (size %d)%n%-13s %-52s %6s %6s %10s %10s %6s %5s%n", size, "crm",
                "limit kind", "calls", "429s", "elapsed s", "calls/rate", "ratio", "retry");
        for (Throttled t : THROTTLED) {
            SandboxOptions options = t.limits().apply(SandboxOptions.defaults().withSize(size)
                    .withCrms(EnumSet.of(Crm.HUBSPOT, t.crm())));
            try (Sandbox sandbox = Sandbox.start(options)) {
                SourceConfig plain = source(t.type(), sandbox);
                SourceConfig source = !t.override() ? plain : new SourceConfig(plain.name(), plain.type(),
                        plain.baseUrl(), plain.settings(), plain.secrets(), plain.streams(), Optional.of(t.limit()));
                Path dir = Files.createTempDirectory("crmw-throttled-" + t.type());
                try (PipelineHarness h = new PipelineHarness(sandbox, dir, List.of(source))) {
                    h.sync(source.name());
                    // extraction only: from the first stream's start to the last one's end (landing included)
                    List<Object> run = h.rows("select sum(http_calls), sum(throttled), sum(retries), "
                            + "epoch_ms(max(finished_at)) - epoch_ms(min(started_at)) from meta.stream_run where source = '"
                            + source.name() + "'").get(0);
                    long calls = ((Number) run.get(0)).longValue();
                    double elapsed = ((Number) run.get(3)).doubleValue() / 1000;
                    boolean perWindow = t.limit().requests() < Integer.MAX_VALUE; // else only calls in flight
                    double ideal = calls / (t.limit().requests() / (double) t.limit().window().toSeconds());
                    System.out.printf("%-13s %-52s %6d %6d %10.1f %10s %6s %5d%n", t.type(), t.kind(), calls,
                            ((Number) run.get(1)).longValue(), elapsed, perWindow ? String.format("%.1f", ideal) : "-",
                            perWindow ? String.format("%.2f", elapsed / ideal) : "-", ((Number) run.get(2)).longValue());
                }
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        if (args.length > 1 && args[1].equals("throttled")) {
            throttled(size);
            System.exit(0);
        }
        List<String> only = args.length > 1 ? List.of(args[1].split(",")) : List.of();
        List<String> summary = new ArrayList<>();
        for (Target t : TARGETS) {
            if (!only.isEmpty() && !only.contains(t.type())) {
                continue;
            }
            SandboxOptions options = SandboxOptions.defaults().withSize(size).withoutRateLimits()
                    .withCrms(EnumSet.of(Crm.HUBSPOT, t.crm()));
            try (Sandbox sandbox = Sandbox.start(options)) {
                SourceConfig source = source(t.type(), sandbox);
                Path dir = Files.createTempDirectory("crmw-calls-" + t.type());
                try (PipelineHarness h = new PipelineHarness(sandbox, dir, List.of(source))) {
                    h.sync(source.name());
                    h.sync(source.name());
                    List<List<Object>> runs = h.rows("select run_id, full_refresh, http_calls, records, status"
                            + " from meta.sync_run where source = '" + source.name() + "' order by started_at");
                    System.out.printf("%n== %s (size %d, floor %d records/call = %.1f calls per 1,000)%n", t.type(), size,
                            t.page(), 1000.0 / t.page());
                    System.out.printf("%-6s %-24s %8s %9s %11s %7s %7s %9s %7s%n", "run", "stream", "calls", "records",
                            "calls/1k", "floor", "ratio", "doc floor", "ratio");
                    for (int i = 0; i < runs.size(); i++) {
                        List<Object> run = runs.get(i);
                        String label = i == 0 ? "first" : "incr";
                        long floor = 0;
                        long docFloor = perRun(t.type());
                        long streamCalls = 0;
                        for (List<Object> s : h.rows("select stream, http_calls, records from meta.stream_run"
                                + " where run_id = '" + run.get(0) + "' order by stream")) {
                            long calls = ((Number) s.get(1)).longValue();
                            long records = ((Number) s.get(2)).longValue();
                            long f = Math.max(1, (records + t.page() - 1) / t.page());
                            long d = switch (t.type()) {
                                case "hubspot", "salesforce" -> documentedFloor(t.type(), (String) s.get(0), i == 0,
                                        records, f);
                                default -> floor(h, source.name(), String.valueOf(run.get(0)), t, (String) s.get(0),
                                        records);
                            };
                            floor += f;
                            docFloor += d;
                            streamCalls += calls;
                            System.out.printf("%-6s %-24s %8d %9d %11s %7d %7.2f %9d %7s%n", label, s.get(0), calls,
                                    records, perK(calls, records), f, (double) calls / f, d,
                                    d == 0 ? "-" : String.format("%.2f", (double) calls / d));
                        }
                        long calls = ((Number) run.get(2)).longValue();
                        long records = ((Number) run.get(3)).longValue();
                        String line = String.format("%-6s %-24s %8d %9d %11s %7d %7.2f %9d %7.2f", label,
                                "TOTAL (sync_run)", calls, records, perK(calls, records), floor, (double) calls / floor,
                                docFloor, (double) calls / docFloor);
                        System.out.println(line + "   streams " + streamCalls + ", status " + run.get(4)
                                + (Boolean.TRUE.equals(run.get(1)) ? ", full refresh" : ""));
                        summary.add(String.format("%-13s %s", t.type(), line));
                    }
                }
            }
        }
        System.out.printf("%n== summary (size %d)%n%-13s %-6s %-24s %8s %9s %11s %7s %7s %9s %7s%n", size, "crm", "run",
                "", "calls", "records", "calls/1k", "floor", "ratio", "doc floor", "ratio");
        summary.forEach(System.out::println);
        System.exit(0); // the engines' idle extract threads must not keep a finished program alive
    }

    /** Zoho's record modules: each is its list and its {@code /deleted} feed. */
    static final Set<String> ZOHO_MODULES = Set.of("leads", "contacts", "accounts", "deals", "calls", "tasks", "events",
            "campaigns", "products", "sales_orders", "quotes", "invoices");

    /**
     * The documented minimum of one stream's run: one call per listing it must read (the live list, and the archived
     * list or deleted feed the vendor keeps apart), one more per further page of its records, and one per parent
     * whose children have no bulk endpoint (Pipedrive's per-deal changelog for deals whose stage moved, Zoho's per-deal
     * Stage_History, Sell's per-order line items) or per batch where the bulk endpoint takes a bounded id list
     * (Pipedrive's deal products, 100 deals a call). Field metadata read by a stream and by the record streams that
     * name fields by it is one listing, counted with the stream that lands it.
     */
    static long floor(PipelineHarness h, String source, String runId, Target t, String stream, long records)
            throws Exception {
        int page = t.page();
        int listings = 1;
        long parents = 0;
        switch (t.type() + ":" + stream) {
            case "pipedrive:deals", "pipedrive:deal_products" -> listings = 3; // live, archived, deleted
            case "pipedrive:deal_changelog", "pipedrive:leads" -> listings = 2; // live, archived
            case "zoho:fields" -> listings = ZOHO_MODULES.size();
            case "zoho:deal_stages" -> listings = 0; // the Deals answer of the fields stream
            case "zoho:pipelines" -> listings = 2; // the Deals layout, then its pipelines
            case "zendesk:brands", "zendesk:groups", "zendesk:ticket_fields", "zendesk:ticket_metrics",
                 "zendesk:satisfaction_ratings" -> page = 100; // cursor lists; the exports page 1,000
            case "zendesk-sell:contacts", "zendesk-sell:leads", "zendesk-sell:deals" -> listings = 2; // + Firehose
            default -> listings = t.type().equals("zoho") && ZOHO_MODULES.contains(stream) ? 2 : 1;
        }
        String table = io.crmw.warehouse.raw.RawLanding.rawTable(source, stream);
        switch (t.type() + ":" + stream) {
            case "pipedrive:deal_products" -> parents = (records + 99) / 100;
            case "pipedrive:deal_changelog" -> parents = count(h, "select count(*) from " + table + " where _run_id = '"
                    + runId + "' and json_array_length(payload->'data') > 0");
            case "zoho:deal_stage_history", "zendesk-sell:line_items" -> parents = count(h, "select count(*) from "
                    + table + " where _run_id = '" + runId + "' and not _deleted");
            default -> {
                if (t.type().equals("zoho") && ZOHO_MODULES.contains(stream)) {
                    // fields= takes 50 names: a module with more reads each further set for 100 ids a call
                    long fields = count(h, "select count(distinct _id) from " + io.crmw.warehouse.raw.RawLanding
                            .rawTable(source, "fields") + " where payload->>'module' = '" + module(stream) + "'");
                    long furtherSets = (Math.max(0, fields - 50) + 48) / 49;
                    parents = furtherSets * ((records + 99) / 100);
                }
            }
        }
        long pages = stream.equals("fields") ? 0 : Math.max(0, (records + page - 1) / page - 1); // one page a module
        return listings == 0 ? 0 : listings + pages + parents;
    }

    /** {@code sales_orders} → {@code Sales_Orders}. */
    static String module(String stream) {
        StringBuilder m = new StringBuilder();
        for (String part : stream.split("_")) {
            m.append(m.isEmpty() ? "" : "_").append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return m.toString();
    }

    static long count(PipelineHarness h, String sql) throws Exception {
        return ((Number) h.rows(sql).get(0).get(0)).longValue();
    }

    /** HubSpot CRM object streams and how many object types each reads associations of. */
    static final Map<String, Integer> HUBSPOT_OBJECTS = Map.ofEntries(Map.entry("companies", 0),
            Map.entry("contacts", 1), Map.entry("deals", 2), Map.entry("line_items", 1), Map.entry("products", 0),
            Map.entry("calls", 3), Map.entry("emails", 3), Map.entry("meetings", 3), Map.entry("tasks", 3),
            Map.entry("notes", 3), Map.entry("tickets", 2), Map.entry("goals", 0));

    /**
     * Calls a run of this CRM needs once, whatever its streams: Salesforce's token and one Composite of describes;
     * Zoho's OAuth access token.
     */
    static long perRun(String type) {
        return switch (type) {
            case "salesforce" -> 2;
            case "zoho" -> 1;
            default -> 0;
        };
    }

    /** The calls HubSpot's or Salesforce's documented API cannot do without for this stream (see the class comment). */
    static long documentedFloor(String type, String stream, boolean first, long records, long pageFloor) {
        if (!"hubspot".equals(type)) {
            return pageFloor;
        }
        if ("owners".equals(stream)) {
            return pageFloor + 1; // deactivated owners only come from the archived=true listing
        }
        Integer associationTypes = HUBSPOT_OBJECTS.get(stream);
        if (associationTypes == null) {
            return pageFloor;
        }
        // the properties of the type and the archived listing (archives are invisible to search), every run
        long fixed = 2;
        if (first) {
            // list pages of 100 with associations inline, and the search total: a list has no count
            return pageFloor + fixed + 1;
        }
        // search pages of 200; the first, unfiltered and newest first, also answers the count when the window fits it
        long searchPages = Math.max(1, (records + 199) / 200) + (records > 200 ? 1 : 0);
        // a window's associations: a v4 batch read per type (1,000 ids), or one read per record, whichever is fewer
        long associationReads = Math.min(associationTypes * ((records + 999) / 1000), records);
        return searchPages + associationReads + fixed;
    }

    static String perK(long calls, long records) {
        return records == 0 ? "-" : String.format("%.1f", calls * 1000.0 / records);
    }

    static SourceConfig source(String type, Sandbox sandbox) {
        Map<String, String> settings = Map.of();
        return switch (type) {
            case "hubspot" -> PipelineHarness.hubspot(sandbox, Map.of("search-requests-per-second", "50"));
            case "salesforce" -> PipelineHarness.salesforce(sandbox, settings);
            case "pipedrive" -> PipelineHarness.pipedrive(sandbox, settings);
            case "zoho" -> PipelineHarness.zoho(sandbox, settings);
            case "zendesk" -> PipelineHarness.zendesk(sandbox, settings, false);
            case "zendesk-sell" -> PipelineHarness.zendeskSell(sandbox, settings);
            default -> throw new IllegalArgumentException(type);
        };
    }
}
