package io.crmw.app.cli;

import io.crmw.app.config.CrmwConfig;
import io.crmw.app.engine.Engine;
import io.crmw.connectors.spi.Secret;
import io.crmw.connectors.spi.SourceConfig;
import io.crmw.sandbox.Sandbox;
import io.crmw.sandbox.SandboxOptions;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start the simulators, sync them into data/demo.duckdb, build the reports and print a summary.")
final class DemoCommand implements Callable<Integer> {
    static final String SOURCE = "hubspot-demo";

    @Option(names = "--size", defaultValue = "4", description = "generated business size (default: ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--seed", defaultValue = "42", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--data", defaultValue = "data", description = "folder for the demo warehouse (default: ${DEFAULT-VALUE})")
    Path data;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        clean(data);
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withSeed(seed).withSize(size))) {
            System.err.println("sandbox: HubSpot simulator at " + sandbox.hubspot().baseUrl() + " (seed " + seed + ", size " + size + ")");
            CrmwConfig config = config(data, sandbox.hubspot().baseUrl(), sandbox.hubspot().token());
            writeConfigForLater(config);
            int code;
            try (Engine engine = Engine.forCommand(config)) {
                code = SyncCommand.runAll(engine, config.sourceConfigs(), "demo", false, System.out);
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
    }

    static CrmwConfig config(Path data, String baseUrl, String token) {
        SourceConfig source = new SourceConfig(SOURCE, "hubspot", URI.create(baseUrl), Map.of(),
                Map.of("token", new Secret("sandbox", token)), List.of(), Optional.empty());
        return new CrmwConfig(data.resolve("demo-config.yml"), data.resolve("demo.duckdb"),
                data.resolve("published").resolve("demo.duckdb"), "USD", ZoneId.of("Europe/Berlin"),
                Path.of("config/reference"), Optional.empty(), List.of(new CrmwConfig.ScheduledSource(source, Optional.empty())));
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
        SortedMap<YearMonth, BigDecimal> truth = sandbox.groundTruth()
                .wonAmountPerMonth(config.reportingCurrency(), config.referenceDir().resolve("fx_rates.csv"));
        SortedMap<YearMonth, BigDecimal> reported = new TreeMap<>();
        System.out.printf("%ntotal sales per month (%s, reports.total_sales):%n", config.reportingCurrency());
        System.out.printf("  %-8s %8s %16s %16s%n", "month", "won", "amount", "ground truth");
        try (Connection c = ReadOnlyWarehouse.open(config.published(), "the demo");
             var st = c.createStatement();
             var rs = st.executeQuery("""
                     select strftime(period_start, '%Y-%m') as month, sum(won_deals) as won, sum(won_amount_rc) as amount
                     from reports.total_sales group by all order by month""")) {
            while (rs.next()) {
                YearMonth month = YearMonth.parse(rs.getString(1));
                BigDecimal amount = rs.getBigDecimal(3);
                reported.put(month, amount);
                BigDecimal expected = truth.get(month);
                System.out.printf("  %-8s %8d %,16.2f %16s%n", month, rs.getLong(2), amount,
                        expected == null ? "-" : expected.compareTo(amount) == 0 ? "=" : String.format("%,.2f", expected));
            }
        }
        boolean match = truth.keySet().equals(reported.keySet())
                && truth.entrySet().stream().allMatch(e -> e.getValue().compareTo(reported.get(e.getKey())) == 0);
        System.out.println(match ? "  every month equals the simulator's ground truth to the cent"
                : "  MISMATCH with the simulator's ground truth (see rows above)");
    }
}
