package io.crmw.app.cli;

import io.crmw.warehouse.runs.RunHistory;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Last run per source and stream (time, status, records, cursor, error) and the last report build.")
final class StatusCommand implements Callable<Integer> {
    private static final String LATEST = """
            select r.source, r.stream, r.finished_at, r.status, r.pages, r.records, r.tombstones,
                   r.warehouse_count as live, r.vendor_count as vendor,
                   left(coalesce(s.cursor, ''), 60) as cursor, r.error
            from meta.stream_run r
            left join meta.sync_state s on s.source = r.source and s.stream = r.stream
            qualify row_number() over (partition by r.source, r.stream order by r.started_at desc) = 1
            order by r.source, r.stream
            """;

    @Mixin
    ConfigOption config;

    @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default: ${DEFAULT-VALUE})")
    ResultPrinter.Format format;

    @Override
    public Integer call() throws Exception {
        var cfg = config.loadWithClusterSecret();
        if (cfg.cluster().isPresent()) {
            printNodes(cfg.cluster().get());
            System.out.println();
        }
        try (Connection c = open(cfg); var st = c.createStatement()) {
            try (var rs = st.executeQuery("select source, started_at, finished_at, status, records, error from meta.sync_run "
                    + "qualify row_number() over (partition by source order by started_at desc) = 1 order by source")) {
                System.out.println("last run per source:");
                ResultPrinter.print(rs, format, System.out);
            }
            System.out.println();
            try (var rs = st.executeQuery(LATEST)) {
                System.out.println("last run per stream:");
                ResultPrinter.print(rs, format, System.out);
            }
            if (hasTable(st, "transform_run") && hasTable(st, "model_build")) {
                System.out.println();
                try (var rs = st.executeQuery(RunHistory.buildSummarySql("order by started_at desc limit 1"))) {
                    System.out.println("last report build (models: by the changed deals only, in full, kept as they were):");
                    ResultPrinter.print(rs, format, System.out);
                }
            }
        }
        return 0;
    }

    private static boolean hasTable(java.sql.Statement st, String table) throws SQLException {
        try (var rs = st.executeQuery("select count(*) from information_schema.tables where table_schema = 'meta'"
                + " and table_name = '" + table + "'")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    /** Cluster mode: every node Quartz knows, its last check-in and the syncs it is running now. */
    private static void printNodes(io.crmw.app.config.CrmwConfig.Cluster cluster) throws SQLException {
        List<io.crmw.app.cluster.ClusterNode.Node> nodes;
        try (Connection c = java.sql.DriverManager.getConnection(cluster.databaseUrl(), cluster.username(),
                cluster.password().reveal())) {
            nodes = io.crmw.app.cluster.ClusterNode.nodes(c);
        } catch (SQLException e) {
            throw new io.crmw.connectors.spi.ConfigException("the cluster database " + cluster.databaseUrl()
                    + " did not answer: " + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
                    + "; check crmw.cluster and that PostgreSQL is running");
        }
        System.out.println("cluster nodes:");
        System.out.printf("%-40s %-26s %-8s %s%n", "node", "last check-in", "alive", "running");
        java.time.Instant now = java.time.Instant.now();
        for (var n : nodes) {
            // Quartz declares a node dead once it missed its check-in interval plus 7.5 s of grace
            boolean alive = n.lastCheckIn().plusMillis(n.checkinIntervalMs() + 7_500).isAfter(now);
            System.out.printf("%-40s %-26s %-8s %s%n", n.id(), n.lastCheckIn(), alive ? "yes" : "no",
                    n.running().isEmpty() ? "-" : String.join(", ", n.running()));
        }
    }

    private static Connection open(io.crmw.app.config.CrmwConfig cfg) throws SQLException {
        if (cfg.cluster().isPresent()) {
            return ReadOnlyWarehouse.open(cfg.published(), "a sync on a `crmw serve` node");
        }
        try {
            return ReadOnlyWarehouse.open(cfg.warehouse(), "`crmw sync` (or `crmw demo`)");
        } catch (SQLException busy) {
            var corrupt = io.crmw.warehouse.WarehouseFileProblem.of(cfg.warehouse(), busy).filter(p -> p.corrupt());
            if (corrupt.isPresent()) {
                throw corrupt.get(); // a damaged file is not "in use": say so instead of showing the copy
            }
            // the engine holds the working file (serve is running): the published copy is the next best view
            System.err.println("(the warehouse is in use; showing the published copy as of the last transform)");
            return ReadOnlyWarehouse.open(cfg.published(), "`crmw sync`");
        }
    }
}
