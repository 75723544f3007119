package io.crmw.app.bench;

import io.crmw.app.e2e.PipelineHarness;
import io.crmw.connectors.spi.SourceConfig;
import io.crmw.sandbox.Sandbox;
import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.business.Crm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * Counts the HTTP calls a sync spends per record, for every CRM the sandbox simulates with a connector (issue 13,
 * item 1: "Calls per record at the vendor floor"). For each CRM it starts a sandbox of size {@code n} (default 4,
 * rate limits off) with that CRM and HubSpot (the sandbox always runs HubSpot; the business is split between the two),
 * syncs that CRM's source alone, runs a first load and then an incremental sync with no changes in between
 * (the simulators offer no cheap uniform mutation, so the incremental figures are the fixed cost of a run), and prints
 * per stream the {@code meta.stream_run} HTTP calls and records, calls per 1,000 records, and the run's totals from
 * {@code meta.sync_run} (which also count calls outside the streams, e.g. OAuth tokens).
 *
 * <p>The floor is the vendor's documented page size (HubSpot list 100, Salesforce REST 2,000, Pipedrive v2 500, Zoho
 * 200, Zendesk Support incremental exports 1,000, Zendesk Sell 100): per stream
 * {@code max(1, ceil(records / page))} calls, summed, and asymptotically {@code 1000 / page} calls per 1,000 records.
 * "ratio" is measured calls / that floor. "doc floor" adds the calls the vendor's documented API makes unavoidable
 * ({@code docs/call-floors.md}): for HubSpot CRM objects the properties call of the type, the archived listing and the
 * count (free on an incremental run whose window fits the newest-first search page), association reads of a window,
 * search pages of 200 on incremental runs; for Salesforce the run's token and its one Composite of describes (counts
 * ride with each pass's first query); other CRMs: the page floor. Not a test.
 *
 * <pre>
 * ./mvnw -q -o -pl app test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/app-cp.txt
 * java -cp app/target/test-classes:app/target/classes:$(cat /tmp/app-cp.txt) io.crmw.app.bench.CallsPerRecordBenchmark 4 [hubspot,zoho,...]
 * </pre>
 * (The harness reads {@code ../config/reference} relative to the working directory: run the {@code java} line from
 * {@code app/} with {@code -cp target/test-classes:target/classes:$(cat /tmp/app-cp.txt)}.)
 *
 * <p>Measured on 2026-12-07, 2 cores, size 2, rate limits off (totals per run; "floor" sums max(1, ceil(records/page))
 * per stream, so at this size it is mostly one call per stream; incremental "records" are the lookback overlap and the
 * small reference streams re-read in full, nothing was changed between the runs). HubSpot and Salesforce after issue
 * 13 item 1 (list with associations inline and a newest-first search; Composite describes and first pages):
 * <pre>
 * crm           run                                calls   records    calls/1k   floor   ratio doc floor   ratio
 * hubspot       first  TOTAL (sync_run)              104      5890        17.7      66    1.58       103    1.01
 * hubspot       incr   TOTAL (sync_run)               66       321       205.6      20    3.30        55    1.20
 * salesforce    first  TOTAL (sync_run)               20      3033         6.6      18    1.11        20    1.00
 * salesforce    incr   TOTAL (sync_run)               20       762        26.2      18    1.11        20    1.00
 * </pre>
 * Before (main at fe684ef): hubspot first 191 calls (2.89x the page floor), incremental 78 (3.90x); salesforce 70 and
 * 70 (3.89x): every Salesforce stream spent its own describe, a COUNT() for the Bulk decision, the query, a queryAll
 * deleted pass and a COUNT() after it; HubSpot first loads searched (200 without associations) and read associations
 * per type per 100 ids. The remaining HubSpot gap on incremental runs: a window's associations are read per type
 * (v4 batch), where a one-record window of an activity stream could be read with one GET.
 * Other CRMs, as measured on 2026-12-07 before this work:
 * <pre>
 * crm           run                                calls   records    calls/1k   floor   ratio
 * pipedrive     first  TOTAL (sync_run)              112       994       112.7      21    5.33
 * pipedrive     incr   TOTAL (sync_run)               32       178       179.8      21    1.52
 * zoho          first  TOTAL (sync_run)              183      1471       124.4      21    8.71
 * zoho          incr   TOTAL (sync_run)               59       297       198.7      21    2.81
 * zendesk       first  TOTAL (sync_run)               11       802        13.7       8    1.38
 * zendesk       incr   TOTAL (sync_run)               10       349        28.7       8    1.25
 * zendesk-sell  first  TOTAL (sync_run)               78       615       126.8      17    4.59
 * zendesk-sell  incr   TOTAL (sync_run)               77        68      1132.4      16    4.81
 * </pre>
 * The outliers there are per-record calls: pipedrive deal_changelog 82 calls for 97 records (first), zoho
 * deal_stage_history 125 for 124, zendesk-sell line_items 59 for 58 (first and again incremental).
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

    public static void main(String[] args) throws Exception {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 4;
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
                            long d = documentedFloor(t.type(), (String) s.get(0), i == 0, records, f);
                            floor += f;
                            docFloor += d;
                            streamCalls += calls;
                            System.out.printf("%-6s %-24s %8d %9d %11s %7d %7.2f %9d %7.2f%n", label, s.get(0), calls,
                                    records, perK(calls, records), f, (double) calls / f, d, (double) calls / d);
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
    }

    /** HubSpot CRM object streams and how many object types each reads associations of. */
    static final Map<String, Integer> HUBSPOT_OBJECTS = Map.ofEntries(Map.entry("companies", 0),
            Map.entry("contacts", 1), Map.entry("deals", 2), Map.entry("line_items", 1), Map.entry("products", 0),
            Map.entry("calls", 3), Map.entry("emails", 3), Map.entry("meetings", 3), Map.entry("tasks", 3),
            Map.entry("notes", 3), Map.entry("tickets", 2), Map.entry("goals", 0));

    /** Calls a run of this CRM needs once, whatever its streams: Salesforce's token and one Composite of describes. */
    static long perRun(String type) {
        return "salesforce".equals(type) ? 2 : 0;
    }

    /**
     * The calls the vendor's documented API cannot do without for this stream (see the class comment); other CRMs:
     * the page floor.
     */
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
