package io.crmw.app.cli;

import io.crmw.app.config.CrmwConfig;
import io.crmw.app.engine.Engine;
import io.crmw.app.schedule.Schedules;
import io.crmw.app.web.WebConfiguration;
import io.crmw.connectors.extract.Connectors;
import io.crmw.connectors.spi.Secret;
import io.crmw.connectors.spi.Setting;
import io.crmw.connectors.spi.SourceConfig;
import io.crmw.sandbox.Sandbox;
import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.SandboxReference;
import io.crmw.sandbox.SimulatorProvider;
import io.crmw.sandbox.business.FxRates;
import io.crmw.sandbox.business.truth.CrmSplitTruth;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.event.ContextClosedEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start the simulators, sync them into data/demo.duckdb, build the reports and print a summary.",
                "With --serve, keep the simulators running and serve the dashboard on the demo warehouse."})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--size", defaultValue = "4", description = "generated business size (default: ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--seed", defaultValue = "42", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--crms", split = ",", paramLabel = "CRM",
            description = "the CRMs to simulate and sync, from hubspot, salesforce, pipedrive, zoho, zendesk, "
                    + "zendesk-sell (default: all; HubSpot always runs): HubSpot holds the inbound deals, Salesforce "
                    + "the enterprise ones, Pipedrive the partner channel, Zoho the field sales, Zendesk Sell the "
                    + "self-serve deals, Zendesk Support every ticket; many customers exist in several")
    List<String> crms = syncable();

    @Option(names = "--hubspot-only", description = "same as --crms hubspot")
    boolean hubspotOnly;

    @Option(names = "--reference-dir", defaultValue = "config/reference", paramLabel = "DIR",
            description = "reference CSVs (fx rates, costs, goals) the demo reports use (default: ${DEFAULT-VALUE})")
    Path referenceDir;

    @Option(names = "--data", defaultValue = "data", description = "folder for the demo warehouse (default: ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--serve", description = "after the demo, keep the simulators running and serve the dashboard on the demo"
            + " warehouse, with the demo's sources (so Sources → Sync now syncs the simulators again); Ctrl-C to stop")
    boolean serve;

    @Option(names = "--port", defaultValue = "8080",
            description = "with --serve: HTTP port of the dashboard, 0 for any free one (default: ${DEFAULT-VALUE})")
    int port;

    @Override
    public Integer call() throws Exception {
        if (!serve) {
            long started = System.nanoTime();
            try (Sandbox sandbox = startSandbox()) {
                CrmwConfig config = config(data, sandbox, demoReference());
                int code = build(config, sandbox, started, null);
                System.out.println("open the dashboard on the demo warehouse (`crmw demo --serve` also keeps the simulators"
                        + " running, for Sources → Sync now):");
                System.out.println("  ./crmw serve --config " + config.file() + "    → http://127.0.0.1:8080/");
                return code;
            }
        }
        CountDownLatch stopped = new CountDownLatch(1);
        try (Served served = runAndServe()) {
            served.engine().context().addApplicationListener(e -> {
                if (e instanceof ContextClosedEvent) {
                    stopped.countDown();
                }
            });
            System.out.println("  dashboard: " + served.dashboard() + " (the demo warehouse; its simulators keep running"
                    + " for Sources → Sync now); Ctrl-C to stop");
            stopped.await();
            return served.exitCode();
        }
    }

    /**
     * A finished demo whose simulators keep running, served as {@code crmw serve} serves a config (schedules, the
     * dashboard, the API) with the demo's sources. Closing it stops the server, then the simulators.
     */
    public record Served(Sandbox sandbox, CrmwConfig config, Engine engine, URI dashboard, int exitCode)
            implements AutoCloseable {
        @Override
        public void close() {
            try {
                engine.close();
            } finally {
                sandbox.close();
            }
        }
    }

    /** {@code crmw demo --serve ARGS} without waiting for Ctrl-C: for tests and anything embedding the demo. */
    public static Served startServing(String... args) throws Exception {
        DemoCommand demo = new DemoCommand();
        new picocli.CommandLine(demo).parseArgs(args);
        return demo.runAndServe();
    }

    private Served runAndServe() throws Exception {
        long started = System.nanoTime();
        Sandbox sandbox = startSandbox();
        try {
            CrmwConfig config = config(data, sandbox, demoReference());
            // one engine syncs and then serves (the dashboard answers 503 until the first publish; its address is
            // printed after)
            Engine engine = Engine.forServe(config, List.of(Schedules.class, WebConfiguration.class),
                    Map.of("server.port", port));
            try {
                // the demo's own sync is as quiet as the plain demo's; later syncs log as serve's do
                LoggingSystem logging = engine.bean(LoggingSystem.class);
                logging.setLogLevel("io.crmw", LogLevel.WARN);
                int code;
                try {
                    code = build(config, sandbox, started, engine);
                } finally {
                    logging.setLogLevel("io.crmw", LogLevel.INFO);
                }
                String actualPort = engine.context().getEnvironment().getProperty("local.server.port", String.valueOf(port));
                String address = engine.context().getEnvironment().getProperty("server.address", "127.0.0.1");
                return new Served(sandbox, config, engine, URI.create("http://" + address + ":" + actualPort + "/"), code);
            } catch (Exception | Error e) {
                engine.close();
                throw e;
            }
        } catch (Exception | Error e) {
            sandbox.close();
            throw e;
        }
    }

    /** The sandbox's made-up rates, campaign costs and pools live next to the demo warehouse, never in config/reference. */
    private Path demoReference() {
        return SandboxReference.write(data.resolve("reference"), referenceDir);
    }

    private Sandbox startSandbox() throws IOException {
        clean(data);
        Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withSeed(seed).withSize(size)
                .withCrmTypes(selected(hubspotOnly ? List.of("hubspot") : crms)));
        StringBuilder running = new StringBuilder("sandbox:");
        sandbox.simulators().forEach((type, simulator) -> running.append(' ').append(type).append(" at ")
                .append(simulator.baseUrl()).append(','));
        System.err.println(running + " seed " + seed + ", size " + size);
        return sandbox;
    }

    /**
     * Syncs every simulated CRM into the demo warehouse, builds and publishes the reports, prints the summary; with
     * the engine that serves afterwards, or (serving null) with a run-once engine of its own.
     */
    private int build(CrmwConfig config, Sandbox sandbox, long started, Engine serving) throws Exception {
        writeConfigForLater(config);
        int code;
        if (serving != null) {
            code = SyncCommand.syncAndBuild(serving, config.sourceConfigs(), "demo", false, false, System.out);
        } else {
            try (Engine engine = Engine.forCommand(config)) {
                code = SyncCommand.syncAndBuild(engine, config.sourceConfigs(), "demo", false, false, System.out);
            }
        }
        printTotalSales(config, sandbox);
        printReports(config);
        long peakHeap = java.lang.management.ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        System.out.printf("%ndemo finished in %.1f s (peak heap %d MB); explore it with:%n",
                (System.nanoTime() - started) / 1e9, peakHeap >> 20);
        System.out.println("  ./crmw report --config " + config.file() + " total_sales --limit 20");
        System.out.println("  ./crmw sql --config " + config.file() + " \"select * from reports.total_sales limit 20\"");
        System.out.println("  ./crmw status --config " + config.file());
        return code;
    }

    /**
     * One source per running simulator, built from what the simulator advertises ({@code connectionSettings()}) and
     * what its connector declares: declared secrets become secrets, {@code base-url} the base URL, the rest settings.
     * No CRM is named here: a registered simulator with a connector of the same type is enough.
     */
    static CrmwConfig config(Path data, Sandbox sandbox, Path referenceDir) {
        Connectors connectors = new Connectors();
        List<CrmwConfig.ScheduledSource> sources = new java.util.ArrayList<>();
        sandbox.simulators().forEach((type, simulator) -> {
            java.util.Set<String> secretKeys = new java.util.HashSet<>();
            connectors.forType(type).settings().stream().filter(Setting::secret).forEach(s -> secretKeys.add(s.key()));
            Map<String, String> settings = new java.util.LinkedHashMap<>();
            Map<String, Secret> secrets = new java.util.LinkedHashMap<>();
            URI base = null;
            for (var e : simulator.connectionSettings().entrySet()) {
                if (e.getKey().equals("base-url")) {
                    base = URI.create(e.getValue());
                } else if (secretKeys.contains(e.getKey())) {
                    secrets.put(e.getKey(), new Secret("sandbox", e.getValue()));
                } else {
                    settings.put(e.getKey(), e.getValue());
                }
            }
            sources.add(new CrmwConfig.ScheduledSource(new SourceConfig(type + "-demo", type, base, settings, secrets,
                    List.of(), Optional.empty()), Optional.empty()));
        });
        return new CrmwConfig(data.resolve("demo-config.yml"), data.resolve("demo.duckdb"),
                data.resolve("published").resolve("demo.duckdb"), "USD", ZoneId.of("Europe/Berlin"),
                referenceDir, Optional.empty(), sources);
    }

    /** The simulated CRMs crmw has a connector for: those a demo can sync (a simulator may land before its connector). */
    static List<String> syncable() {
        Connectors connectors = new Connectors();
        return SimulatorProvider.all().stream().map(SimulatorProvider::type).filter(connectors::knows).toList();
    }

    /** The simulators to run; an unknown name ends with one line naming the registered ones. */
    static List<String> selected(List<String> names) {
        List<String> simulated = SimulatorProvider.all().stream().map(SimulatorProvider::type).toList();
        List<String> known = syncable();
        for (String name : names) {
            if (!simulated.contains(name.strip())) {
                throw new io.crmw.connectors.spi.ConfigException("--crms: unknown CRM '" + name + "'; the sandbox "
                        + "simulates " + String.join(", ", known));
            }
            if (!known.contains(name.strip())) {
                throw new io.crmw.connectors.spi.ConfigException("--crms: '" + name + "' is simulated, but crmw has no"
                        + " connector for it yet; the demo syncs " + String.join(", ", known));
            }
        }
        java.util.LinkedHashSet<String> selected = new java.util.LinkedHashSet<>(List.of("hubspot")); // the business's home
        names.forEach(n -> selected.add(n.strip()));
        return List.copyOf(selected);
    }

    private static void clean(Path data) throws IOException {
        Files.createDirectories(data);
        for (Path p : List.of(data.resolve("demo.duckdb"), data.resolve("demo.duckdb.wal"),
                data.resolve("published").resolve("demo.duckdb"), data.resolve("demo-state.mv.db"),
                data.resolve("demo-state.trace.db"))) {
            Files.deleteIfExists(p);
        }
    }

    /** A config for `crmw sql/status --config data/demo-config.yml` after the demo (the simulator is gone by then). */
    private static void writeConfigForLater(CrmwConfig config) throws IOException {
        Files.writeString(config.file(), """
                # written by `crmw demo`; points sql/status at the demo warehouse
                crmw:
                  warehouse: %s
                  published: %s
                  reporting-currency: %s
                  reporting-time-zone: %s
                  reference-dir: %s
                  sources: []
                """.formatted(config.warehouse(), config.published(), config.reportingCurrency(),
                config.reportingTimeZone().getId(), config.referenceDir()));
    }

    /** The reports of the catalog, as {@code crmw report --list} prints them. */
    private static void printReports(CrmwConfig config) throws Exception {
        System.out.printf("%nreports (crmw report --list):%n");
        try (Connection c = ReadOnlyWarehouse.open(config.published(), "the demo")) {
            ReportCommand.printList(c, ResultPrinter.Format.table, System.out);
        }
    }

    private static void printTotalSales(CrmwConfig config, Sandbox sandbox) throws Exception {
        Path fxCsv = config.referenceDir().resolve("fx_rates.csv");
        boolean split = sandbox.options().crms().size() > 1;
        SortedMap<YearMonth, BigDecimal> truth = split
                ? new CrmSplitTruth(sandbox.business()).wonAmountPerMonthCombined(config.reportingCurrency(), FxRates.load(fxCsv))
                : sandbox.groundTruth().wonAmountPerMonth(config.reportingCurrency(), fxCsv);
        List<String> sources = config.sourceConfigs().stream().map(SourceConfig::name).toList();
        SortedMap<YearMonth, BigDecimal> reported = new TreeMap<>();
        System.out.printf("%ntotal sales per month (%s, reports.total_sales, all sources):%n", config.reportingCurrency());
        StringBuilder header = new StringBuilder(String.format("  %-8s %6s", "month", "won"));
        sources.forEach(name -> header.append(String.format(" %16s", name)));
        System.out.println(header.append(String.format(" %16s %16s", "total", "ground truth")));
        StringBuilder perSource = new StringBuilder();
        for (int i = 0; i < sources.size(); i++) {
            perSource.append(", coalesce(sum(won_amount_rc) filter (where source_system = ")
                    .append(io.crmw.warehouse.Sql.literal(sources.get(i))).append("), 0) as s").append(i);
        }
        try (Connection c = ReadOnlyWarehouse.open(config.published(), "the demo");
             var st = c.createStatement();
             var rs = st.executeQuery("select strftime(period_start, '%Y-%m') as month, sum(won_deals) as won"
                     + perSource + ", sum(won_amount_rc) as amount from reports.total_sales group by all order by month")) {
            while (rs.next()) {
                YearMonth month = YearMonth.parse(rs.getString(1));
                BigDecimal amount = rs.getBigDecimal(3 + sources.size());
                reported.put(month, amount);
                BigDecimal expected = truth.get(month);
                StringBuilder row = new StringBuilder(String.format("  %-8s %6d", month, rs.getLong(2)));
                for (int i = 0; i < sources.size(); i++) {
                    row.append(String.format(" %,16.2f", rs.getBigDecimal(3 + i)));
                }
                row.append(String.format(" %,16.2f %16s", amount,
                        expected == null ? "-" : expected.compareTo(amount) == 0 ? "=" : String.format("%,.2f", expected)));
                System.out.println(row);
            }
            if (split) {
                try (var customers = st.executeQuery("""
                        select count(distinct i.canonical_account_id), count(distinct d.account_id)
                        from core.deal_enriched d join core.account_identity i on i.account_id = d.account_id
                        where d.status = 'won'""")) {
                    customers.next();
                    System.out.printf("  customers with won deals: %d (%d account records across %d CRMs; the simulator's "
                            + "truth: %d)%n", customers.getLong(1), customers.getLong(2), sources.size(),
                            new CrmSplitTruth(sandbox.business()).distinctCustomers());
                }
            }
        }
        boolean match = truth.keySet().equals(reported.keySet())
                && truth.entrySet().stream().allMatch(e -> e.getValue().compareTo(reported.get(e.getKey())) == 0);
        System.out.println(match ? "  every month equals the simulator's ground truth to the cent"
                : "  MISMATCH with the simulator's ground truth (see rows above)");
    }
}
