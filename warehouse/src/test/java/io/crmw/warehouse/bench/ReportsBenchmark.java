package io.crmw.warehouse.bench;

import io.crmw.warehouse.Warehouse;
import io.crmw.warehouse.model.ModelBuildException;
import io.crmw.warehouse.model.ModelRunner;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds every SQL model over a generated warehouse and prints the seconds per model (wall clock and process CPU), then
 * changes 1 % of the deals as a second sync would ({@link #changeDeals}) and builds again, incrementally, printing the
 * seconds of each model rebuilt and how (incremental or full). Not a test. The core
 * tables of a fresh warehouse are filled with set-based DuckDB SQL ({@code insert … by name select … from
 * range(n)}, pseudo-random but deterministic values from {@code hash(i, salt)}), never row by row: N deals
 * (default 1,000,000), 5·N activities, and in proportion owners (N/2000), teams, accounts (N/10), contacts
 * (3 per account), leads (N/4), products, pipelines and stages, ~2·N line items, ~3·N stage-history rows,
 * tickets (N/5), goals (per owner and team and month), campaigns, e-mail campaigns and N e-mail events,
 * campaign members and first touches. One source system ({@code hubspot-bench}); amounts in USD/EUR/GBP over
 * 2024-01 to 2026-11 (the fx reference covers 2022-2027). Then the {@link ModelRunner} builds every model (the
 * same models and reference inputs as production), timing each one through {@link ModelRunner#onModelBuilt};
 * data tests run after the models and are timed as a whole. If a data test fails on the generated data, the
 * build is rolled back but the timings are still printed (with the failures' first lines).
 *
 * <p>Run from the repository root (after {@code ./mvnw -q -o -pl warehouse install -DskipTests}):
 * <pre>
 * ./mvnw -q -o -pl warehouse test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.crmw.warehouse.bench.ReportsBenchmark \
 *     -Dexec.args="1000000 ../config/reference /tmp/crmw-bench.duckdb"
 * </pre>
 * or with a plain JVM: {@code ./mvnw -q -o -pl warehouse dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt}
 * and {@code java -Xmx2g -cp warehouse/target/test-classes:warehouse/target/classes:$(cat /tmp/cp.txt)
 * io.crmw.warehouse.bench.ReportsBenchmark 1000000 config/reference}. Arguments: {@code [deals]
 * [referenceDir] [file]}; the file defaults to a new temporary folder and is overwritten. DuckDB gets
 * {@code memory_limit} 8GB unless {@code -Dcrmw.duckdb.memory_limit=...} (or {@code CRMW_DUCKDB_MEMORY_LIMIT}) says
 * otherwise, and {@code -Dcrmw.duckdb.threads=N} caps its threads; peak RSS is best read from the outside
 * ({@code /usr/bin/time -v java ...}): the JVM heap printed at the end is a small part of it.
 */
public final class ReportsBenchmark {

    static final String SRC = "hubspot-bench";
    static final String SYNCED = "timestamptz '2026-11-27 00:00:00+00'";

    public static void main(String[] args) throws Exception {
        long deals = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        Path reference = Path.of(args.length > 1 ? args[1] : "../config/reference").toAbsolutePath().normalize();
        Path file = args.length > 2 ? Path.of(args[2])
                : Files.createTempDirectory("crmw-reports-bench").resolve("bench.duckdb");
        Files.deleteIfExists(file);
        Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".wal"));
        if (!Files.isRegularFile(reference.resolve("fx_rates.csv"))) {
            throw new IllegalArgumentException("no fx_rates.csv in " + reference + "; pass the config/reference folder");
        }
        reference = withSandboxRates(reference);

        // stay a good neighbour on a shared machine unless told otherwise (-Dcrmw.duckdb.memory_limit=..., threads)
        if (System.getProperty("crmw.duckdb.memory_limit") == null && System.getenv("CRMW_DUCKDB_MEMORY_LIMIT") == null) {
            System.setProperty("crmw.duckdb.memory_limit", "8GB");
        }
        try (Warehouse wh = Warehouse.open(file)) {
            try (Connection c = wh.connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select current_setting('memory_limit'), current_setting('threads')")) {
                rs.next();
                System.out.printf("DuckDB memory_limit %s, threads %s%n", rs.getString(1), rs.getString(2));
            }
            long started = System.nanoTime();
            Map<String, Long> counts = fill(wh, deals);
            System.out.printf("generated in %.1f s:%n", (System.nanoTime() - started) / 1e9);
            counts.forEach((table, n) -> System.out.printf("  %-26s %,12d%n", table, n));

            Map<String, String> vars = Map.of("reporting_currency", "USD", "reporting_time_zone", "Europe/Berlin",
                    "reference_dir", reference.toString(), "as_of_date", "2026-11-27");
            System.out.printf("%nfull build (seconds per model as each finishes):%n");
            Build full = build(wh, vars, "bench-full");
            full.print("full build", deals);

            Path published = file.resolveSibling(file.getFileName() + ".published");
            Files.deleteIfExists(published);
            double publishFull = publish(wh, published, "after the full build");

            started = System.nanoTime();
            long changed = changeDeals(wh, 1.0, 900);
            System.out.printf("%nsecond sync: %,d deals changed (1 %%: amounts, close dates moved, deleted, won today,"
                    + " new deals) in %.1f s%n", changed, (System.nanoTime() - started) / 1e9);
            System.out.printf("%nincremental build (seconds per model rebuilt, as each finishes):%n");
            Build incremental = build(wh, vars, "bench-incremental");
            incremental.print("incremental build after 1 % of deals changed", deals);
            double publishIncremental = publish(wh, published, "after the incremental build");
            Files.deleteIfExists(published);

            // what a nightly sync mostly brings: the 1 % are open deals and deals closed in the last 60 days
            started = System.nanoTime();
            long recent = changeDeals(wh, 1.0, 1700, true);
            System.out.printf("%nthird sync: %,d deals changed (1 %% of all, each open or closed since 2026-09-28; the same"
                    + " kinds of change) in %.1f s%n", recent, (System.nanoTime() - started) / 1e9);
            Build nightly = build(wh, vars, "bench-recent");
            nightly.print("incremental build after 1 % of deals changed, recent ones", deals);

            System.out.printf("%n%-44s %8s %8s %8s%n", "summary", "full", "incr.", "recent");
            System.out.printf("  %-42s %8.2f %8.2f %8.2f%n", "models", full.models(), incremental.models(),
                    nightly.models());
            for (String phase : PHASES) {
                System.out.printf("  %-42s %8.2f %8.2f %8.2f%n", phase, full.phase(phase), incremental.phase(phase),
                        nightly.phase(phase));
            }
            System.out.printf("  %-42s %8.2f %8.2f %8.2f%n", "transform total", full.total(), incremental.total(),
                    nightly.total());
            System.out.printf("  %-42s %8.2f %8.2f%n", "publish the analysts' copy", publishFull, publishIncremental);
            System.out.printf("  %-42s %8.2f %8.2f %8.2f%n", "transform total, CPU seconds (2 cores)", full.cpuTotal(),
                    incremental.cpuTotal(), nightly.cpuTotal());
            long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP).mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            System.out.printf("peak JVM heap %d MB; warehouse %s (%,d MB)%n", peakHeap >> 20, file, Files.size(file) >> 20);
        }
    }

    /** One transform's timings: seconds per model rebuilt, how each was built, the total and the outcome. */
    record Build(Map<String, Long> nanos, Map<String, Long> cpuNanos, Map<String, String> how,
                 Map<String, Long> phaseNanos, Map<String, Long> phaseCpuNanos, double total, double cpuTotal,
                 String outcome) {
        double models() {
            return nanos.values().stream().mapToLong(Long::longValue).sum() / 1e9;
        }

        double phase(String name) {
            return phaseNanos.getOrDefault(name, 0L) / 1e9;
        }

        void print(String title, long deals) {
            System.out.printf("%n%s, %,d deals / %,d activities, seconds per model (build order):%n", title, deals,
                    5 * deals);
            System.out.printf("  %-34s %8s %8s%n", "", "wall s", "CPU s");
            nanos.forEach((model, ns) -> System.out.printf("  %-34s %8.2f %8.2f  %s%n", model, ns / 1e9,
                    cpuNanos.get(model) / 1e9, how.get(model)));
            long unchanged = how.values().stream().filter("unchanged"::equals).count();
            System.out.printf("  %-34s %8s  %d model(s)%n", "(not rebuilt: nothing they read changed)", "", unchanged);
            double cpuModels = cpuNanos.values().stream().mapToLong(Long::longValue).sum() / 1e9;
            System.out.printf("  %-34s %8.2f %8.2f%n", "= all models", models(), cpuModels);
            for (String phase : PHASES) {
                System.out.printf("  %-34s %8.2f %8.2f%n", phase, phase(phase), phaseCpuNanos.getOrDefault(phase, 0L) / 1e9);
            }
            System.out.printf("  %-34s %8.2f %8.2f%n", "= transform total", total, cpuTotal);
            System.out.printf("%s%n", outcome);
        }
    }

    /**
     * Builds once, timing each model by the wall clock and by the CPU time of the whole process (DuckDB's threads
     * included) since the previous model finished: on a machine other jobs load, the CPU seconds are the steadier figure.
     */
    static Build build(Warehouse wh, Map<String, String> vars, String runId) {
        Map<String, Long> nanos = new LinkedHashMap<>();
        Map<String, Long> cpuNanos = new LinkedHashMap<>();
        long[] lastCpu = {processCpuNanos()};
        Map<String, Long> phaseNanos = new LinkedHashMap<>();
        Map<String, Long> phaseCpuNanos = new LinkedHashMap<>();
        ModelRunner runner = new ModelRunner(wh, vars).onModelBuilt((model, ns) -> {
            long cpu = processCpuNanos();
            nanos.put(model, ns);
            cpuNanos.put(model, cpu - lastCpu[0]);
            lastCpu[0] = cpu;
            System.out.printf("  %-34s %8.2f %8.2f%n", model, ns / 1e9, cpuNanos.get(model) / 1e9);
        }).onPhase((phase, ns) -> {
            long cpu = processCpuNanos();
            phaseNanos.put(phase, ns);
            phaseCpuNanos.put(phase, cpu - lastCpu[0]);
            lastCpu[0] = cpu;
            System.out.printf("  (%s)%s %8.2f %8.2f%n", phase, " ".repeat(Math.max(0, 32 - phase.length())), ns / 1e9,
                    phaseCpuNanos.get(phase) / 1e9);
        });
        Map<String, Long> testNanos = new LinkedHashMap<>();
        runner.onTest((test, ns) -> testNanos.merge(test, ns, Long::sum));
        long cpuStart = lastCpu[0];
        long buildStart = System.nanoTime();
        String outcome;
        try {
            var result = runner.run(runId);
            outcome = result.models() + " models, " + result.tests() + " data tests passed";
        } catch (ModelBuildException e) {
            outcome = "ROLLED BACK: " + e.getMessage().lines()
                    .limit(40).reduce((a, b) -> a + "\n    " + b).orElse("");
        }
        System.out.println("  slowest data tests (wall s):");
        testNanos.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12)
                .forEach(e -> System.out.printf("    %-70s %6.2f%n", e.getKey(), e.getValue() / 1e9));
        return new Build(nanos, cpuNanos, runner.lastBuild(), phaseNanos, phaseCpuNanos,
                (System.nanoTime() - buildStart) / 1e9,
                (processCpuNanos() - cpuStart) / 1e9, outcome);
    }

    /** Publishes the analysts' copy as the transform does after a build; seconds. */
    static double publish(Warehouse wh, Path published, String when) {
        long started = System.nanoTime();
        io.crmw.warehouse.publish.Publisher.publish(wh, published);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("%npublish %s: %.2f s%n", when, seconds);
        return seconds;
    }

    /** What a build spends besides its models ({@link ModelRunner#onPhase}). */
    static final List<String> PHASES = List.of("changes", "data tests", "commit");

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** When the simulated second sync ran: every row it touches carries this synced_at. */
    static final String RESYNCED = "timestamptz '2026-11-27 06:00:00+00'";
    /** The first close date of a deal counted as recently closed by the third sync. */
    static final String RECENT_SINCE = "date '2026-09-28'";

    /**
     * A second sync that touches about {@code percent} % of the deals (chosen by hash of the deal's number and
     * {@code salt}): every chosen deal gets a new amount; a third of them move their close date 40 days earlier (across
     * a month end for most), a twelfth are deleted (flagged), a twelfth move to another owner, a third of the open ones
     * move to their pipeline's won stage with a new stage-history row (the previous one exited), and
     * {@code percent}·N/100/10 new deals appear with a first stage. Returns the number of deals touched.
     */
    public static long changeDeals(Warehouse wh, double percent, int salt) throws Exception {
        return changeDeals(wh, percent, salt, false);
    }

    /**
     * As {@link #changeDeals(Warehouse, double, int)}; with {@code recent} the {@code percent} % of all deals are chosen
     * among the open ones and those closed since {@link #RECENT_SINCE} (what changes in a CRM from one night to the next).
     */
    public static long changeDeals(Warehouse wh, double percent, int salt, boolean recent) throws Exception {
        String number = "try_cast(source_id as bigint)";
        // a later sync than the second one: its rows must be newer than what the last build saw
        String resynced = recent ? "timestamptz '2026-11-27 07:00:00+00'" : RESYNCED;
        double share = percent * 100;
        String eligible = "";
        if (recent) {
            eligible = " and (status = 'open' or close_date >= " + RECENT_SINCE + ")";
            try (Connection c = wh.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "select count(*), count(*) filter (where true" + eligible + ") from core.deal where not is_deleted")) {
                rs.next();
                share = Math.min(10000, share * rs.getLong(1) / Math.max(1, rs.getLong(2)));
            }
        }
        String chosen = number + " is not null and (hash(" + number + ", " + salt + ") % 10000) < " + Math.round(share)
                + eligible;
        String part = "hash(" + number + ", " + (salt + 1) + ") % 12";
        List<String> sql = new ArrayList<>();
        sql.add("create or replace temp table changing as select deal_id, status, pipeline_id, "
                + part + " as part from core.deal where source_system = '" + SRC + "' and " + chosen);
        sql.add("update core.deal set amount = coalesce(amount, 0) + 100, synced_at = " + resynced
                + " where deal_id in (select deal_id from changing)");
        // earlier, within the data's date range: a close date pushed past the calendar's last day extends the calendar,
        // which rebuilds everything on it in full
        sql.add("update core.deal set close_date = close_date - 40 where status = 'open'"
                + " and close_date - 40 > cast(created_at as date) and deal_id in (select deal_id from changing where part < 4)");
        sql.add("update core.deal set close_date = close_date - 40, closed_at = closed_at - interval 40 day"
                + " where status <> 'open' and closed_at - interval 40 day > created_at"
                + " and deal_id in (select deal_id from changing where part < 4)");
        sql.add("update core.deal set is_deleted = true where deal_id in (select deal_id from changing where part = 4)");
        // another owner: the deal's rows move between the reports' groups
        sql.add("update core.deal set owner_id = '" + SRC + ":owner:1' where deal_id in (select deal_id from changing where part = 10)");
        // open deals won today: the deal row and a closing stage-history row after the last one
        sql.add("create or replace temp table winning as select c.deal_id, c.pipeline_id,"
                + " replace(c.pipeline_id, ':pipeline:', ':stage:') || '-6' as won_stage_id,"
                + " max(h.seq) as last_seq from changing c join core.deal_stage_history h on h.deal_id = c.deal_id"
                + " where c.status = 'open' and c.part between 5 and 8 group by all");
        sql.add("update core.deal set status = 'won', stage_id = w.won_stage_id, close_date = date '2026-11-27',"
                + " closed_at = timestamptz '2026-11-27 05:00:00+00' from winning w where core.deal.deal_id = w.deal_id");
        sql.add("update core.deal_stage_history set exited_at = timestamptz '2026-11-27 05:00:00+00', synced_at = " + resynced
                + " from winning w where core.deal_stage_history.deal_id = w.deal_id and core.deal_stage_history.seq = w.last_seq");
        sql.add("insert into core.deal_stage_history by name select deal_id, '" + SRC + "' as source_system,"
                + " last_seq + 1 as seq, pipeline_id, won_stage_id as stage_id, timestamptz '2026-11-27 05:00:00+00' as entered_at,"
                + " 'history' as origin, " + resynced + " as synced_at from winning");
        // new deals, open in their pipeline's first stage
        sql.add("insert into core.deal by name select '" + SRC + ":deal:new-' || " + salt + " || '-' || i as deal_id,"
                + " '" + SRC + "' as source_system, 'new-' || " + salt + " || '-' || i as source_id, 'New deal ' || i as name,"
                + " d.pipeline_id, replace(d.pipeline_id, ':pipeline:', ':stage:') || '-0' as stage_id, 'open' as status,"
                + " 1000 + i as amount, 'USD' as currency_code, timestamptz '2026-11-26 09:00:00+00' as created_at,"
                + " date '2027-01-15' as close_date, timestamptz '2026-11-26 09:00:00+00' as updated_at,"
                + " d.owner_id, d.account_id, d.primary_contact_id, d.lead_source_raw, false as is_deleted,"
                + " " + resynced + " as synced_at from (select *, row_number() over (order by deal_id) - 1 as i from changing"
                + " where part = 9) c join core.deal d on d.deal_id = c.deal_id");
        sql.add("insert into core.deal_stage_history by name select deal_id, source_system, 0 as seq, pipeline_id, stage_id,"
                + " created_at as entered_at, 'history' as origin, synced_at from core.deal where source_id like 'new-"
                + salt + "-%'");
        try (Connection c = wh.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            for (String s : sql) {
                st.execute(s);
            }
            c.commit();
            try (ResultSet rs = st.executeQuery("select count(*) from changing")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Fills the core tables; returns the row count per table. */
    public static Map<String, Long> fill(Warehouse wh, long n) throws Exception {
        long teams = 20;
        long owners = Math.max(20, n / 2000);
        long accounts = Math.max(100, n / 10);
        long contacts = 3 * accounts;
        long leads = Math.max(100, n / 4);
        long products = 200;
        long campaigns = 200;
        long emailCampaigns = 400;
        long tickets = Math.max(100, n / 5);
        String id = "'" + SRC + ":' || ";
        List<String> sql = new ArrayList<>();
        // deterministic uniform [0, 1) per row and salt; pick(i, salt, list) picks one element of a list
        sql.add("create or replace temp macro r(i, salt) as (hash(i, salt) % 1000000) / 1000000.0");
        sql.add("create or replace temp macro pick(i, salt, xs) as xs[1 + (hash(i, salt) % len(xs))::integer]");
        sql.add("create or replace temp macro at_step(created_at, cycle_days, seq, k) as least(created_at"
                + " + to_seconds((seq * cycle_days * 86400 // (k + 1))::bigint), timestamptz '2026-11-26 18:00:00+00')");
        sql.add("create or replace temp macro ts(i, salt, from_day, days) as timestamptz '2024-01-01 00:00:00+00'"
                + " + to_seconds((from_day * 86400 + r(i, salt) * days * 86400)::bigint)");

        sql.add("insert into core.team by name select " + id + "'team:' || i as team_id, '" + SRC + "' as source_system,"
                + " i::varchar as source_id, 'Team ' || i as name, false as is_deleted, " + SYNCED + " as synced_at"
                + " from range(" + teams + ") t(i)");
        sql.add("insert into core.owner by name select " + id + "'owner:' || i as owner_id, '" + SRC + "' as source_system,"
                + " i::varchar as source_id, 'Owner ' || i as name, 'owner' || i || '@bench.example' as email,"
                + " " + id + "'team:' || (i % " + teams + ") as team_id, r(i, 1) > 0.05 as is_active,"
                + " false as is_deleted, " + SYNCED + " as synced_at from range(" + owners + ") t(i)");
        sql.add("insert into core.pipeline by name select " + id + "'pipeline:' || p as pipeline_id, '" + SRC + "' as source_system,"
                + " p as source_id, p as name, o as display_order, true as is_active, kind as object_type,"
                + " false as is_deleted, " + SYNCED + " as synced_at"
                + " from (values ('sales', 0, 'deal'), ('renewals', 1, 'deal'), ('support', 2, 'ticket')) v(p, o, kind)");
        // 2 deal pipelines x (6 open stages, won, lost)
        sql.add("insert into core.stage by name select " + id + "'stage:' || p || '-' || s as stage_id,"
                + " '" + SRC + "' as source_system, p || '-' || s as source_id,"
                + " " + id + "'pipeline:' || p as pipeline_id,"
                + " case s when 6 then 'Closed won' when 7 then 'Closed lost' else 'Stage ' || s end as name,"
                + " s as display_order, ([0.1, 0.2, 0.4, 0.6, 0.8, 0.9, 1.0, 0.0])[s + 1] as probability,"
                + " (([0.1, 0.2, 0.4, 0.6, 0.8, 0.9, 1.0, 0.0])[s + 1])::varchar as probability_raw,"
                + " s >= 6 as is_closed, s = 6 as is_won, true as is_active, false as is_deleted, " + SYNCED + " as synced_at"
                + " from (values ('sales'), ('renewals')) v(p), range(8) t(s)");
        sql.add("insert into core.account by name select " + id + "'account:' || i as account_id, '" + SRC + "' as source_system,"
                + " i::varchar as source_id, 'Account ' || i as name,"
                // 2% share a domain with the previous account (identity mapping has work to do)
                + " 'acct' || (case when r(i, 2) < 0.02 and i > 0 then i - 1 else i end) || '.example' as domain,"
                + " pick(i, 3, ['software', 'retail', 'finance', 'health', 'manufacturing', 'education']) as industry,"
                + " (10 + r(i, 4) * 5000)::integer as employee_count, pick(i, 5, ['US', 'DE', 'GB', 'FR', 'NL']) as country,"
                + " " + id + "'owner:' || (hash(i, 6) % " + owners + ") as owner_id,"
                + " pick(i, 7, ['ORGANIC_SEARCH', 'PAID_SEARCH', 'REFERRALS', 'DIRECT_TRAFFIC', 'OFFLINE']) as lead_source_raw,"
                + " ts(i, 8, 0, 1060) as created_at, ts(i, 8, 0, 1060) as updated_at, false as is_deleted, " + SYNCED + " as synced_at"
                + " from range(" + accounts + ") t(i)");
        // contact i belongs to account i % accounts
        sql.add("insert into core.contact by name select " + id + "'contact:' || i as contact_id, '" + SRC + "' as source_system,"
                + " i::varchar as source_id, " + id + "'account:' || (i % " + accounts + ") as account_id,"
                + " 'c' || i || '@acct' || (i % " + accounts + ") || '.example' as email, 'First' || i as first_name,"
                + " 'Last' || i as last_name,"
                + " pick(i, 9, ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'customer']) as lifecycle_stage,"
                + " pick(i, 10, ['ORGANIC_SEARCH', 'PAID_SEARCH', 'PAID_SOCIAL', 'EMAIL_MARKETING', 'SOCIAL_MEDIA', 'REFERRALS',"
                + " 'DIRECT_TRAFFIC', 'OFFLINE', 'OTHER_CAMPAIGNS', 'AI_REFERRALS', 'Trade fair']) as lead_source_raw,"
                + " " + id + "'owner:' || (hash(i, 11) % " + owners + ") as owner_id, ts(i, 12, 0, 1060) as created_at,"
                + " ts(i, 12, 0, 1060) as updated_at, false as is_deleted, " + SYNCED + " as synced_at"
                + " from range(" + contacts + ") t(i)");
        sql.add("insert into core.product by name select " + id + "'product:' || i as product_id, '" + SRC + "' as source_system,"
                + " i::varchar as source_id, 'Product ' || i as name, 'SKU-' || i as sku,"
                + " pick(i, 13, ['licences', 'services', 'support', 'hardware', 'training']) as family,"
                + " round(50 + r(i, 14) * 4950, 2)::decimal(18,2) as unit_price,"
                + " round((50 + r(i, 14) * 4950) * (0.4 + r(i, 15) * 0.3), 2)::decimal(18,2) as unit_cost,"
                + " 'USD' as currency_code, i % 3 = 0 as is_recurring, case when i % 3 = 0 then 12 end as billing_period_months,"
                + " false as is_deleted, " + SYNCED + " as synced_at from range(" + products + ") t(i)");
        sql.add("insert into core.campaign by name select " + id + "'campaign:' || i as campaign_id, '" + SRC + "' as source_system,"
                + " i::varchar as source_id, 'Campaign ' || i as name, pick(i, 16, ['email', 'webinar', 'ads', 'event']) as type,"
                + " pick(i, 17, ['email', 'paid', 'organic', 'social', 'offline']) as channel,"
                + " ts(i, 18, 0, 1000)::date as start_date, ts(i, 18, 30, 1000)::date as end_date,"
                + " round(1000 + r(i, 19) * 50000, 2)::decimal(18,2) as budgeted_cost,"
                + " round(800 + r(i, 20) * 50000, 2)::decimal(18,2) as actual_cost, 'USD' as currency_code,"
                + " false as is_deleted, " + SYNCED + " as synced_at from range(" + campaigns + ") t(i)");
        sql.add("insert into core.lead by name select " + id + "'lead:' || i as lead_id, '" + SRC + "' as source_system,"
                + " i::varchar as source_id, " + id + "'contact:' || i as contact_id,"
                + " " + id + "'account:' || (i % " + accounts + ") as account_id, 'c' || i || '@acct' || (i % " + accounts + ") || '.example' as email,"
                + " ts(i, 21, 0, 1060) as created_at, " + id + "'owner:' || (hash(i, 22) % " + owners + ") as owner_id,"
                + " pick(i, 23, ['new', 'working', 'qualified', 'unqualified']) as status,"
                + " pick(i, 24, ['ORGANIC_SEARCH', 'PAID_SEARCH', 'PAID_SOCIAL', 'EMAIL_MARKETING', 'REFERRALS', 'DIRECT_TRAFFIC', 'Trade fair']) as lead_source_raw,"
                + " case when r(i, 25) < 0.4 then " + id + "'campaign:' || (hash(i, 26) % " + campaigns + ") end as campaign_id,"
                + " r(i, 27) < 0.3 as is_converted, case when r(i, 27) < 0.3 then ts(i, 21, 20, 1060) end as converted_at,"
                + " false as is_deleted, " + SYNCED + " as synced_at from range(" + leads + ") t(i)");

        // deals: the shape (pipeline, status, stages passed, cycle) first, then the rows and their stage history
        sql.add("create or replace temp table bench_deal as select i, pick(i, 30, ['sales', 'sales', 'sales', 'renewals']) as p,"
                + " ts(i, 31, 0, 1060) as created_at, (3 + r(i, 32) * 150)::integer as cycle_days,"
                + " case when ts(i, 31, 0, 1060) < timestamptz '2026-06-01 00:00:00+00' or r(i, 33) < 0.5"
                + "   then case when r(i, 34) < 0.4 then 'won' else 'lost' end else 'open' end as status,"
                + " floor(r(i, 35) * 6)::integer as last_open_stage" // 0..5: an integer cast rounds, 6 is the won stage
                + " from range(" + n + ") t(i)");
        sql.add("insert into core.deal by name select " + id + "'deal:' || i as deal_id, '" + SRC + "' as source_system,"
                + " i::varchar as source_id, 'Deal ' || i as name, " + id + "'pipeline:' || p as pipeline_id,"
                + " " + id + "'stage:' || p || '-' || case status when 'won' then 6 when 'lost' then 7 else last_open_stage end as stage_id,"
                + " status, case when r(i, 36) < 0.02 then null else round(500 + r(i, 37) * r(i, 37) * 100000, 2)::decimal(18,2) end as amount,"
                + " pick(i, 38, ['USD', 'USD', 'USD', 'USD', 'USD', 'USD', 'USD', 'EUR', 'EUR', 'GBP']) as currency_code,"
                + " case when r(i, 39) < 0.1 then pick(i, 40, ['commit', 'bestcase', 'pipeline', 'omit']) end as forecast_category,"
                + " created_at,"
                + " case when status = 'open' then case when r(i, 41) < 0.05 then null"
                + "   else (created_at + to_days(cycle_days))::date end"
                + "   else least(created_at + to_days(cycle_days), timestamptz '2026-11-26 18:00:00+00')::date end as close_date,"
                + " case when status <> 'open' then least(created_at + to_days(cycle_days), timestamptz '2026-11-26 18:00:00+00') end as closed_at,"
                + " created_at + to_days(cycle_days // 2) as updated_at,"
                + " " + id + "'owner:' || (hash(i, 42) % " + owners + ") as owner_id,"
                + " " + id + "'account:' || (hash(i, 43) % " + accounts + ") as account_id,"
                + " " + id + "'contact:' || (hash(i, 43) % " + accounts + " + " + accounts + " * (hash(i, 44) % 3)) as primary_contact_id,"
                + " case when r(i, 45) < 0.3 then " + id + "'campaign:' || (hash(i, 46) % " + campaigns + ") end as campaign_id,"
                + " pick(i, 47, ['ORGANIC_SEARCH', 'PAID_SEARCH', 'PAID_SOCIAL', 'EMAIL_MARKETING', 'SOCIAL_MEDIA', 'REFERRALS',"
                + " 'DIRECT_TRAFFIC', 'OFFLINE', 'OTHER_CAMPAIGNS', 'AI_REFERRALS', 'Trade fair']) as lead_source_raw,"
                + " case when r(i, 48) < 0.1 then null when r(i, 48) < 0.65 then 'newbusiness' else 'existingbusiness' end as deal_type,"
                + " case when status = 'lost' then pick(i, 49, ['Chose competitor', 'Price too high', 'No budget', 'Timing',"
                + "   'No decision', 'Missing feature', 'Went dark']) end as lost_reason_raw,"
                + " r(i, 50) < 0.005 as is_deleted, " + SYNCED + " as synced_at from bench_deal");
        sql.add("insert into core.deal_contact by name select " + id + "'deal:' || i as deal_id,"
                + " " + id + "'contact:' || (hash(i, 43) % " + accounts + " + " + accounts + " * (hash(i, 44) % 3)) as contact_id,"
                + " '" + SRC + "' as source_system, " + SYNCED + " as synced_at from bench_deal");
        // stage history: the open stages passed (0..k), then the closing stage for closed deals
        sql.add("insert into core.deal_stage_history by name"
                + " with passed as (select d.*, case when status = 'open' then last_open_stage else hash(i, 51) % 4 end as k"
                + "   from bench_deal d),"
                + " steps as (select p.*, s.seq, case when s.seq <= p.k then s.seq when p.status = 'won' then 6 else 7 end as stage"
                + "   from passed p, range(7) s(seq) where s.seq <= p.k + (p.status <> 'open')::integer),"
                + " timed as (select *, at_step(created_at, cycle_days, seq, k) as entered_at from steps)"
                + " select " + id + "'deal:' || i as deal_id, '" + SRC + "' as source_system, seq::integer as seq,"
                + " " + id + "'pipeline:' || p as pipeline_id, " + id + "'stage:' || p || '-' || stage as stage_id, entered_at,"
                + " case when seq < k or (status <> 'open' and seq = k) then at_step(created_at, cycle_days, seq + 1, k) end as exited_at,"
                + " 'history' as origin, " + SYNCED + " as synced_at from timed");
        sql.add("insert into core.line_item by name select " + id + "'line_item:' || i as line_item_id, '" + SRC + "' as source_system,"
                + " i::varchar as source_id, " + id + "'deal:' || (hash(i, 60) % " + n + ") as deal_id,"
                + " " + id + "'product:' || (hash(i, 61) % " + products + ") as product_id, 'Line ' || i as name,"
                + " (1 + hash(i, 62) % 10)::decimal(18,4) as quantity, round(50 + r(i, 63) * 4950, 2)::decimal(18,2) as unit_price,"
                + " case when r(i, 64) < 0.2 then round((1 + hash(i, 62) % 10) * (50 + r(i, 63) * 4950) * 0.1, 2) else 0 end::decimal(18,2) as discount_amount,"
                + " round((1 + hash(i, 62) % 10) * round(50 + r(i, 63) * 4950, 2)"
                + "   - case when r(i, 64) < 0.2 then round((1 + hash(i, 62) % 10) * (50 + r(i, 63) * 4950) * 0.1, 2) else 0 end, 2)::decimal(18,2) as line_amount,"
                + " 'USD' as currency_code, hash(i, 61) % " + products + " % 3 = 0 as is_recurring,"
                + " case when hash(i, 61) % " + products + " % 3 = 0 then 12 end as billing_period_months,"
                + " false as is_deleted, " + SYNCED + " as synced_at from range(" + (2 * n) + ") t(i)");
        sql.add("insert into core.activity by name select " + id + "'activity:' || i as activity_id, '" + SRC + "' as source_system,"
                + " i::varchar as source_id, pick(i, 70, ['call', 'call', 'call', 'email', 'email', 'email', 'email', 'meeting', 'task', 'task', 'note']) as type,"
                + " pick(i, 71, ['inbound', 'outbound', 'outbound']) as direction, 'Activity ' || i as subject,"
                + " " + id + "'owner:' || (hash(i, 72) % " + owners + ") as owner_id,"
                + " case when r(i, 73) < 0.6 then " + id + "'deal:' || (hash(i, 74) % " + n + ") end as deal_id,"
                + " " + id + "'contact:' || (hash(i, 75) % " + contacts + ") as contact_id,"
                + " " + id + "'account:' || (hash(i, 75) % " + contacts + " % " + accounts + ") as account_id,"
                + " ts(i, 76, 0, 1060) as created_at, ts(i, 76, 0, 1060) as occurred_at, ts(i, 76, 1, 1060) as due_at,"
                + " case when r(i, 77) < 0.8 then ts(i, 76, 0, 1060) + to_minutes((r(i, 78) * 600)::bigint) end as completed_at,"
                + " r(i, 77) < 0.8 as is_done,"
                + " pick(i, 79, ['f240bbac-87c9-4f6e-bf70-924b57d47db7', '73a0d17f-1163-4015-bdd5-ec830791da20',"
                + "   'b2cf5968-551e-4856-9783-52b3da59a7d0', '9d9162e7-6cf3-4944-bf63-4dff82258764',"
                + "   'a4c4c377-d246-4b32-a13b-75a56a4cd0ff', '17b47fee-58de-441e-a44c-c6300d46f273', 'unmapped-outcome']) as outcome_raw,"
                + " (r(i, 80) * 3600)::integer as duration_s,"
                + " case when r(i, 81) < 0.3 then 'https://recordings.bench.example/' || i end as recording_url,"
                + " r(i, 82) < 0.002 as is_deleted, " + SYNCED + " as synced_at from range(" + (5 * n) + ") t(i)");
        sql.add("insert into core.ticket by name select " + id + "'ticket:' || i as ticket_id, '" + SRC + "' as source_system,"
                + " i::varchar as source_id, 'Ticket ' || i as subject, " + id + "'account:' || (hash(i, 90) % " + accounts + ") as account_id,"
                + " " + id + "'contact:' || (hash(i, 90) % " + accounts + ") as contact_id,"
                + " case when r(i, 91) < 0.7 then " + id + "'product:' || (hash(i, 92) % " + products + ") end as product_id,"
                + " " + id + "'owner:' || (hash(i, 93) % " + owners + ") as owner_id, " + id + "'pipeline:support' as pipeline_id,"
                + " pick(i, 94, ['1', '2', '3', '4']) as stage_id, pick(i, 95, ['problem', 'question', 'incident']) as type,"
                + " pick(i, 96, ['low', 'medium', 'high']) as priority, pick(i, 97, ['open', 'solved', 'solved', 'closed']) as status,"
                + " pick(i, 98, ['email', 'phone', 'chat']) as channel,"
                + " pick(i, 99, ['PRODUCT_ISSUE', 'BILLING_ISSUE', 'FEATURE_REQUEST', 'GENERAL_INQUIRY', 'Something else']) as reason_raw,"
                + " r(i, 100) < 0.05 as is_return_request, ts(i, 101, 0, 1060) as created_at, ts(i, 101, 2, 1060) as solved_at,"
                + " false as is_deleted, " + SYNCED + " as synced_at from range(" + tickets + ") t(i)");
        // monthly revenue and deals-won goals per owner and per team, 2024-01 to 2026-12
        sql.add("insert into core.goal by name select " + id + "'goal:' || a.kind || ':' || a.k || ':' || m.j || ':' || g.metric as goal_id,"
                + " '" + SRC + "' as source_system, a.kind || ':' || a.k || ':' || m.j || ':' || g.metric as source_id,"
                + " g.metric || ' goal' as name, g.metric, a.kind as assignee_type, " + id + "a.kind || ':' || a.k as assignee_id,"
                + " (date '2024-01-01' + to_months(m.j::integer))::date as period_start,"
                + " (date '2024-01-01' + to_months(m.j::integer + 1) - interval 1 day)::date as period_end,"
                + " case g.metric when 'revenue' then round(20000 + r(a.k * 100 + m.j, 110) * 200000, 2) else 1 + hash(a.k, m.j) % 20 end::decimal(18,2) as target_value,"
                + " 'USD' as currency_code, false as is_deleted, " + SYNCED + " as synced_at"
                + " from (select 'owner' as kind, i as k from range(" + owners + ") t(i)"
                + "   union all select 'team', i from range(" + teams + ") t(i)) a,"
                + " range(36) m(j), (values ('revenue'), ('deals_won')) g(metric)");
        sql.add("insert into core.email_campaign by name select " + id + "'email_campaign:' || i as email_campaign_id,"
                + " '" + SRC + "' as source_system, i::varchar as source_id,"
                + " " + id + "'campaign:' || (i % " + campaigns + ") as campaign_id, 'E-mail ' || i as name, 'Subject ' || i as subject,"
                + " ts(i, 120, 0, 1060) as sent_at, 1000 + hash(i, 121) % 20000 as sent,"
                + " ((1000 + hash(i, 121) % 20000) * 0.96)::bigint as delivered, ((1000 + hash(i, 121) % 20000) * 0.3)::bigint as opened,"
                + " ((1000 + hash(i, 121) % 20000) * 0.05)::bigint as clicked, ((1000 + hash(i, 121) % 20000) * 0.03)::bigint as bounced,"
                + " ((1000 + hash(i, 121) % 20000) * 0.004)::bigint as unsubscribed, (hash(i, 122) % 5)::bigint as spam_reports,"
                + " false as is_deleted, " + SYNCED + " as synced_at from range(" + emailCampaigns + ") t(i)");
        sql.add("insert into core.email_event by name select " + id + "'email_event:' || i as event_id, '" + SRC + "' as source_system,"
                + " i::varchar as source_id, " + id + "'email_campaign:' || (hash(i, 130) % " + emailCampaigns + ") as email_campaign_id,"
                + " " + id + "'contact:' || (hash(i, 131) % " + contacts + ") as contact_id,"
                + " pick(i, 132, ['SENT', 'SENT', 'SENT', 'DELIVERED', 'DELIVERED', 'DELIVERED', 'OPEN', 'OPEN', 'CLICK', 'BOUNCE', 'UNSUBSCRIBE']) as event_type,"
                + " ts(i, 133, 0, 1060) as occurred_at, false as is_deleted, " + SYNCED + " as synced_at from range(" + n + ") t(i)");
        sql.add("insert into core.campaign_member by name select " + id + "'campaign:' || (hash(i, 140) % " + campaigns + ") as campaign_id,"
                + " '" + SRC + "' as source_system, i::varchar as source_id, " + id + "'contact:' || (i * 2) as contact_id,"
                + " pick(i, 141, ['sent', 'responded', 'registered', 'attended']) as status, r(i, 142) < 0.3 as has_responded,"
                + " case when r(i, 142) < 0.3 then ts(i, 143, 0, 1060) end as first_responded_at,"
                + " false as is_deleted, " + SYNCED + " as synced_at from range(" + (contacts / 2) + ") t(i)");
        sql.add("insert into core.touch by name select " + id + "'touch:' || i || ':first' as touch_id, '" + SRC + "' as source_system,"
                + " i::varchar as source_id, " + id + "'contact:' || i as contact_id,"
                + " case when i < " + leads + " then " + id + "'lead:' || i end as lead_id,"
                + " " + id + "'campaign:' || (hash(i, 150) % " + campaigns + ") as campaign_id,"
                + " pick(i, 151, ['email', 'paid', 'organic', 'social']) as channel, 'first' as touch_type,"
                + " case when r(i, 152) < 0.9 then ts(i, 12, 0, 1060) end as touched_at,"
                + " false as is_deleted, " + SYNCED + " as synced_at from range(" + contacts + ") t(i) where r(i, 153) < 0.5");
        sql.add("drop table bench_deal");

        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = wh.connect(); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
            try (ResultSet rs = st.executeQuery("select table_name, estimated_size from duckdb_tables()"
                    + " where schema_name = 'core' and estimated_size > 0 order by table_name")) {
                while (rs.next()) {
                    counts.put("core." + rs.getString(1), rs.getLong(2));
                }
            }
        }
        return counts;
    }

    private ReportsBenchmark() {}

    /**
     * The shipped reference folder holds no rates (real users' come from their CRMs or their own CSV): the benchmark's
     * USD/EUR/GBP amounts convert with the sandbox's made-up rates, costs and pools, copied over a temporary folder.
     */
    public static Path withSandboxRates(Path reference) throws java.io.IOException {
        if (Files.readAllLines(reference.resolve("fx_rates.csv")).stream().skip(1)
                .anyMatch(l -> !l.isBlank() && !l.strip().startsWith("#"))) {
            return reference;
        }
        Path sandbox = reference.resolve("../../sandbox/src/main/resources/io/crmw/sandbox/reference").normalize();
        Path dir = Files.createTempDirectory("crmw-bench-reference");
        try (var files = Files.list(reference)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, dir.resolve(f.getFileName().toString()));
            }
        }
        for (String name : List.of("fx_rates.csv", "campaign_costs.csv", "cost_pools.csv")) {
            Files.copy(sandbox.resolve(name), dir.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return dir;
    }
}
