package io.crmw.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.crmw.app.testing.CrmwProcess;
import io.crmw.app.testing.LocalPostgres;
import io.crmw.sandbox.Sandbox;
import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.business.Crm;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code crmw serve} processes on one machine, one PostgreSQL (Debian's server, started in a temporary directory),
 * one shared data directory, three simulated sources: every cron fire runs once across the nodes, runs of a source
 * never overlap, a node killed with SIGKILL mid-sync has its sync recovered by the other node from the committed
 * cursors, and the warehouse ends equal to a single-node run's.
 */
class ClusterTest {
    private static final int CHECKIN_MS = 1000;
    private static LocalPostgres pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = LocalPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    /** A running node: its process, id, port and log. */
    record Node(String id, Process process, int port, Path log) {
        String logText() throws IOException {
            return Files.exists(log) ? Files.readString(log) : "";
        }
    }

    record Run(String runId, String trigger, Instant started, Instant finished, String status) {}

    @Test
    void everyFireRunsOnceAcrossTwoNodesAndTheWarehouseEqualsASingleNodeRun() throws Exception {
        String url = pg.createDatabase("crmw_cycles");
        try (Sandbox sandbox = threeCrms(SandboxOptions.defaults().withSeed(5))) {
            Path home = Files.createDirectories(dir.resolve("cluster"));
            Path config = config(home, url, sandbox, Optional.of("0/4 * * * * ?"));
            Node a = start(config, "node-a", sandbox);
            Node b = start(config, "node-b", sandbox);
            List<Node> nodes = List.of(a, b);
            try {
                await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> alive(nodes) && minRunsPerSource(url) >= 2);
                try (Connection c = DriverManager.getConnection(url, LocalPostgres.USER, pg.password())) {
                    assertThat(column(c, "select instance_name from qrtz_scheduler_state order by 1"))
                            .containsExactly("node-a", "node-b");
                }
                String status = status(config, sandbox);
                assertThat(status).contains("cluster nodes:").contains("node-a").contains("node-b");
                String prometheus = get(a, "/actuator/prometheus");
                assertThat(prometheus).contains("node=\"node-a\"");
                String health = get(b, "/actuator/health");
                assertThat(health).contains("\"cluster\"").contains("\"node\":\"node-b\"").contains("reachable");
            } finally {
                stop(nodes);
            }
            for (Node n : nodes) {
                assertThat(n.logText()).as("log of %s", n.id()).doesNotContain("already ran on another node")
                        .doesNotContainPattern("(?m)^\\S+\\s+ERROR\\s"); // no log line at ERROR (a database's "ERROR:" at INFO is not one)
            }

            Map<String, List<Run>> runs = new LinkedHashMap<>();
            for (String source : SOURCES) {
                runs.put(source, runs(home.resolve("sources").resolve(source + ".duckdb"), source));
            }
            try (Connection c = DriverManager.getConnection(url, LocalPostgres.USER, pg.password())) {
                Set<String> fireNodes = new HashSet<>();
                for (String source : SOURCES) {
                    List<String> fired = column(c, "select run_id from crmw_fire where source = '" + source
                            + "' and run_id is not null order by scheduled_fire_time");
                    fireNodes.addAll(column(c, "select node_id from crmw_fire where source = '" + source + "'"));
                    List<String> scheduled = runs.get(source).stream().filter(r -> r.trigger().equals("schedule"))
                            .map(Run::runId).toList();
                    // each fire ran exactly once: one run per fire, one fire per run
                    assertThat(scheduled).as("scheduled runs of %s", source).hasSizeGreaterThanOrEqualTo(2)
                            .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(fired);
                    assertThat(runs.get(source)).as("runs of %s", source)
                            .allSatisfy(r -> assertThat(r.status()).isEqualTo("succeeded"));
                    List<Run> ordered = runs.get(source);
                    for (int i = 1; i < ordered.size(); i++) {
                        assertThat(ordered.get(i).started()).as("runs of %s overlap", source)
                                .isAfterOrEqualTo(ordered.get(i - 1).finished());
                    }
                }
                assertThat(fireNodes).isSubsetOf("node-a", "node-b").isNotEmpty();
                System.out.printf("cluster cycles: fires per node %s, runs per source %s%n",
                        column(c, "select node_id || '=' || count(*) from crmw_fire group by node_id order by 1"),
                        column(c, "select source || '=' || count(run_id) from crmw_fire group by source order by 1"));
                assertThat(column(c, "select (wanted = built)::text from crmw_transform_state")).containsExactly("true");
            }
            Path clean = singleNodeRun(sandbox, SOURCES);
            CrashResumeTest.assertSameContent(home.resolve("warehouse.duckdb"), clean);
            assertThat(Files.exists(home.resolve("published/warehouse.duckdb"))).isTrue();
        }
    }

    @Test
    void aNodeKilledMidSyncHasItsSyncRecoveredByTheOtherFromTheCommittedCursors() throws Exception {
        String url = pg.createDatabase("crmw_kill");
        // each answer takes 40 ms, so a HubSpot first load lasts long enough to be killed in the middle
        try (Sandbox sandbox = threeCrms(SandboxOptions.defaults().withSeed(6)
                .withFaults(io.crmw.sandbox.faults.FaultPlan.none().withDelayMillis(40)))) {
            long beforeClean = sandbox.hubspot().requests();
            Path clean = singleNodeRun(sandbox, List.of(PipelineHarness.SOURCE));
            long cleanCalls = sandbox.hubspot().requests() - beforeClean;

            Path home = Files.createDirectories(dir.resolve("cluster"));
            Path config = config(home, url, sandbox, Optional.empty());
            Node a = start(config, "node-a", sandbox);
            Node b = start(config, "node-b", sandbox);
            List<Node> nodes = List.of(a, b);
            try {
                await().atMost(Duration.ofSeconds(120)).until(() -> alive(nodes) && up(a) && up(b));
                long before = sandbox.hubspot().requests();
                String csrf = UUID.randomUUID().toString();
                HttpResponse<String> accepted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + a.port() + "/api/sources/" + PipelineHarness.SOURCE + "/sync"))
                        .header("Cookie", "crmw_csrf=" + csrf).header("X-CSRF-Token", csrf)
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

                String[] executing = new String[1];
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
                    executing[0] = executingNode(url, PipelineHarness.SOURCE);
                    return executing[0] != null && sandbox.hubspot().requests() - before >= cleanCalls / 2;
                });
                Node victim = executing[0].equals(a.id()) ? a : b;
                Node survivor = victim == a ? b : a;
                victim.process().destroyForcibly(); // SIGKILL
                victim.process().waitFor();
                Instant killedAt = Instant.now();
                long callsBeforeKill = sandbox.hubspot().requests() - before;

                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                        .until(() -> "COMPLETED".equals(lastExecution(url, PipelineHarness.SOURCE)) && transformsDone(url));
                long recoveryCalls = sandbox.hubspot().requests() - before - callsBeforeKill;
                Instant recoveredBy = Instant.now();

                assertThat(callsBeforeKill).isGreaterThanOrEqualTo(cleanCalls / 2);
                assertThat(survivor.logText()).contains("recovery");
                stop(List.of(survivor));

                List<Run> runs = runs(home.resolve("sources").resolve(PipelineHarness.SOURCE + ".duckdb"), PipelineHarness.SOURCE);
                assertThat(runs).extracting(Run::trigger, Run::status)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("manual", "interrupted"),
                                org.assertj.core.groups.Tuple.tuple("recovery", "succeeded"));
                // recovered within the check-in interval, Quartz's 7.5 s grace and one fire (with room for a loaded machine)
                Duration recoveryDelay = Duration.between(killedAt, runs.get(1).started());
                System.out.printf("cluster kill: %s killed after %d calls; %s started the recovery %.1f s later; it made %d"
                        + " calls (a clean load makes %d)%n", victim.id(), callsBeforeKill, survivor.id(),
                        recoveryDelay.toMillis() / 1000.0, recoveryCalls, cleanCalls);
                assertThat(recoveryDelay).isLessThan(Duration.ofSeconds(30));
                assertThat(resumedStreams(home.resolve("sources").resolve(PipelineHarness.SOURCE + ".duckdb"),
                        runs.get(1).runId())).as("streams the recovery resumed from a committed cursor").isPositive();
                assertThat(recoveredBy).isAfter(killedAt);

                // the committed pages were not fetched again: a recovery from scratch would land every record once more
                // (recovered ≈ uninterrupted); resuming lands what was left plus at most the batches in flight at the kill
                Path store = home.resolve("sources").resolve(PipelineHarness.SOURCE + ".duckdb");
                long committed = rawRows(store, runs.get(0).runId());
                long recovered = rawRows(store, runs.get(1).runId());
                long uninterrupted = rawRows(clean, null);
                assertThat(committed).as("records the killed run committed").isGreaterThan(uninterrupted / 5);
                assertThat(recovered).as("recovered %s records after %s committed; one load lands %s (calls: clean %s, "
                                + "killed %s, recovery %s)", recovered, committed, uninterrupted, cleanCalls, callsBeforeKill,
                                recoveryCalls)
                        .isLessThan(uninterrupted - committed / 4);
            } finally {
                stop(nodes);
            }
            CrashResumeTest.assertSameContent(home.resolve("warehouse.duckdb"), clean);
        }
    }

    private static final List<String> SOURCES = List.of(PipelineHarness.SOURCE, PipelineHarness.PIPEDRIVE, PipelineHarness.ZOHO);

    private static Sandbox threeCrms(SandboxOptions options) {
        return Sandbox.start(options.withSize(1).withSearchPerSecond(25)
                .withCrms(EnumSet.of(Crm.HUBSPOT, Crm.PIPEDRIVE, Crm.ZOHO)));
    }

    private Path config(Path home, String url, Sandbox sandbox, Optional<String> cron) throws IOException {
        String schedule = cron.map(c -> "      schedule: \"" + c + "\"\n").orElse("");
        Map<String, String> zoho = sandbox.zoho().connectionSettings();
        String sources = """
                    - name: %s
                      type: hubspot
                      base-url: %s
                      token: ${CRMW_TEST_TOKEN}
                      retry-base-millis: 20
                      retry-max-millis: 1000
                %s    - name: %s
                      type: pipedrive
                      base-url: %s
                      api-token: ${CRMW_TEST_PD_TOKEN}
                      retry-base-millis: 20
                      retry-max-millis: 1000
                %s    - name: %s
                      type: zoho
                      accounts-url: %s
                      client-id: %s
                      client-secret: ${CRMW_TEST_ZOHO_SECRET}
                      refresh-token: ${CRMW_TEST_ZOHO_REFRESH}
                      retry-base-millis: 20
                      retry-max-millis: 1000
                %s""".formatted(PipelineHarness.SOURCE, sandbox.hubspot().baseUrl(), schedule,
                PipelineHarness.PIPEDRIVE, sandbox.pipedrive().baseUrl(), schedule,
                PipelineHarness.ZOHO, zoho.get("accounts-url"), zoho.get("client-id"), schedule);
        Path file = CrmwProcess.config(home, sources);
        String text = Files.readString(file).replace("  sources:\n", """
                  cluster:
                    database-url: %s
                    username: %s
                    password: ${CRMW_DB_PASSWORD}
                    node-id: ${CRMW_NODE_ID}
                    checkin-interval-ms: %d
                  sources:
                """.formatted(url, LocalPostgres.USER, CHECKIN_MS));
        Files.writeString(file, text);
        return file;
    }

    private Node start(Path config, String id, Sandbox sandbox) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> env = new HashMap<>(secrets(sandbox));
        env.put("CRMW_NODE_ID", id);
        Path log = config.resolveSibling(id + ".log");
        return new Node(id, CrmwProcess.serve(config, port, env, log), port, log);
    }

    private static Map<String, String> secrets(Sandbox sandbox) {
        Map<String, String> zoho = sandbox.zoho().connectionSettings();
        return Map.of("CRMW_TEST_TOKEN", sandbox.hubspot().token(), "CRMW_TEST_PD_TOKEN", sandbox.pipedrive().apiToken(),
                "CRMW_TEST_ZOHO_SECRET", zoho.get("client-secret"), "CRMW_TEST_ZOHO_REFRESH", zoho.get("refresh-token"),
                "CRMW_DB_PASSWORD", pg.password());
    }

    private static String status(Path config, Sandbox sandbox) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(CrmwProcess.command(config, "status", "--config", config.toString()));
        pb.environment().put("CRMW_DB_PASSWORD", pg.password());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).doesNotContain(pg.password());
        return out;
    }

    private static boolean alive(List<Node> nodes) throws IOException {
        for (Node n : nodes) {
            assertThat(n.process().isAlive()).as("node %s died; log:%n%s", n.id(), n.logText()).isTrue();
        }
        return true;
    }

    private static boolean up(Node n) {
        try {
            return get(n, "/actuator/health").contains("cluster");
        } catch (Exception e) {
            return false;
        }
    }

    private static String get(Node n, String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.port() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void stop(List<Node> nodes) throws InterruptedException {
        for (Node n : nodes) {
            n.process().destroy(); // SIGTERM: Quartz lets a running sync finish
        }
        for (Node n : nodes) {
            if (!n.process().waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
                n.process().destroyForcibly();
            }
        }
    }

    private static long minRunsPerSource(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, LocalPostgres.USER, pg.password())) {
            long min = Long.MAX_VALUE;
            for (String source : SOURCES) {
                List<String> n = column(c, "select count(run_id)::text from crmw_fire where source = '" + source + "'");
                min = Math.min(min, Long.parseLong(n.get(0)));
            }
            return min;
        } catch (SQLException notYet) {
            return 0; // tables appear once the first node started
        }
    }

    private static String executingNode(String url, String source) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, LocalPostgres.USER, pg.password())) {
            List<String> nodes = column(c, "select instance_name from qrtz_fired_triggers where state = 'EXECUTING' "
                    + "and job_name = '" + source + "'");
            return nodes.isEmpty() ? null : nodes.get(0);
        }
    }

    private static String lastExecution(String url, String source) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, LocalPostgres.USER, pg.password())) {
            List<String> status = column(c, "select e.status from batch_job_execution e join batch_job_instance i "
                    + "on i.job_instance_id = e.job_instance_id where i.job_name = 'pipeline-" + source + "' "
                    + "order by e.job_execution_id desc limit 1");
            return status.isEmpty() ? null : status.get(0);
        }
    }

    private static boolean transformsDone(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, LocalPostgres.USER, pg.password())) {
            return column(c, "select (wanted = built and wanted > 0)::text from crmw_transform_state").equals(List.of("true"))
                    && column(c, "select pid::text from pg_locks where locktype = 'advisory'").isEmpty();
        }
    }

    private static List<String> column(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (var st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static List<Run> runs(Path store, String source) throws SQLException {
        List<Run> runs = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + store, readOnly());
             var st = c.createStatement();
             ResultSet rs = st.executeQuery("select run_id, trigger, started_at::timestamp, finished_at::timestamp, status "
                     + "from meta.sync_run where source = '" + source + "' order by started_at")) {
            while (rs.next()) {
                Timestamp finished = rs.getTimestamp(4);
                runs.add(new Run(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                        finished == null ? null : finished.toInstant(), rs.getString(5)));
            }
        }
        return runs;
    }

    private static long resumedStreams(Path store, String runId) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + store, readOnly());
             var st = c.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from meta.stream_run where run_id = '" + runId
                     + "' and cursor_before is not null")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Raw records landed by {@code runId} (all runs when null), over every raw table of the file. */
    private static long rawRows(Path file, String runId) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file, readOnly()); var st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("select table_name from duckdb_tables() where schema_name = 'raw'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            long rows = 0;
            for (String t : tables) {
                try (ResultSet rs = st.executeQuery("select count(*) from raw.\"" + t + "\""
                        + (runId == null ? "" : " where _run_id = '" + runId + "'"))) {
                    rs.next();
                    rows += rs.getLong(1);
                }
            }
            return rows;
        }
    }

    private static java.util.Properties readOnly() {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("duckdb.read_only", "true");
        p.setProperty("jdbc_instance_cache", "false");
        return p;
    }

    /** The same sources synced by one in-process node into a warehouse of its own; returns its file. */
    private Path singleNodeRun(Sandbox sandbox, List<String> sources) throws Exception {
        Path single = Files.createDirectories(dir.resolve("single"));
        Map<String, String> fast = Map.of("retry-base-millis", "20", "retry-max-millis", "1000");
        List<io.crmw.connectors.spi.SourceConfig> configs = new ArrayList<>();
        for (String s : sources) {
            configs.add(switch (s) {
                case PipelineHarness.PIPEDRIVE -> PipelineHarness.pipedrive(sandbox, fast);
                case PipelineHarness.ZOHO -> PipelineHarness.zoho(sandbox, fast);
                default -> PipelineHarness.hubspot(sandbox, fast);
            });
        }
        try (PipelineHarness h = new PipelineHarness(sandbox, single, configs)) {
            for (String s : sources) {
                assertThat(h.sync(s).status()).isEqualTo("succeeded");
            }
        }
        return single.resolve("warehouse.duckdb");
    }
}
