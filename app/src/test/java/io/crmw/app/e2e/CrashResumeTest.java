package io.crmw.app.e2e;

import io.crmw.app.testing.CrmwProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.crmw.sandbox.Sandbox;
import io.crmw.sandbox.SandboxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real `crmw sync` process is killed (SIGKILL) in the middle of extraction; the next run resumes, and the
 * warehouse then equals the one an uninterrupted run builds: nothing lost, nothing doubled.
 */
class CrashResumeTest {
    @TempDir
    Path dir;

    @Test
    void killedHubspotSyncResumesToTheSameWarehouseAsAnUninterruptedRun() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withSeed(3).withSize(1).withSearchPerSecond(25))) {
            String sources = """
                        - name: %s
                          type: hubspot
                          base-url: %s
                          token: ${CRMW_TEST_TOKEN}
                          retry-base-millis: 20
                          retry-max-millis: 200
                    """.formatted(PipelineHarness.SOURCE, sandbox.hubspot().baseUrl());
            long before = sandbox.hubspot().requests();
            killMidSyncThenCompare(sandbox, sources, Map.of("CRMW_TEST_TOKEN", sandbox.hubspot().token()),
                    () -> sandbox.hubspot().requests() - before >= 45,
                    List.of(PipelineHarness.hubspot(sandbox, PipelineHarness.FAST_RETRIES)));
        }
    }

    @Test
    void killedSalesforceSyncResumesToTheSameWarehouseAsAnUninterruptedRun() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withSeed(31).withSize(1).withSalesforce(true))) {
            var sf = sandbox.salesforce();
            String sources = """
                        - name: %s
                          type: salesforce
                          base-url: %s
                          client-id: %s
                          client-secret: ${CRMW_TEST_SECRET}
                          retry-base-millis: 20
                          retry-max-millis: 200
                    """.formatted(PipelineHarness.SALESFORCE, sf.loginUrl(), sf.clientId());
            long before = sf.requests();
            killMidSyncThenCompare(sandbox, sources, Map.of("CRMW_TEST_SECRET", sf.clientSecret()),
                    () -> sf.requests() - before >= 8, // a full run makes about 20 calls
                    List.of(PipelineHarness.salesforce(sandbox, Map.of("retry-base-millis", "20", "retry-max-millis", "200"))));
        }
    }

    @Test
    void killedPipedriveSyncResumesToTheSameWarehouseAsAnUninterruptedRun() throws Exception {
        try (Sandbox sandbox = PipedriveSyncTest.pipedrive(SandboxOptions.defaults().withSeed(53))) {
            var pd = sandbox.pipedrive();
            String sources = """
                        - name: %s
                          type: pipedrive
                          base-url: %s
                          api-token: ${CRMW_TEST_PD_TOKEN}
                          retry-base-millis: 20
                          retry-max-millis: 2000
                    """.formatted(PipelineHarness.PIPEDRIVE, pd.baseUrl());
            long before = pd.requests();
            // a full run makes about 70 calls, most of them the changelogs of the deal page: killed well inside it
            killMidSyncThenCompare(sandbox, sources, Map.of("CRMW_TEST_PD_TOKEN", pd.apiToken()),
                    () -> pd.requests() - before >= 35,
                    // the killed process spent most of Pipedrive's 2-second budget, which the resuming one cannot know
                    // of before its first answers: it may draw a 429 with a 1 s Retry-After, which it must be let wait
                    List.of(PipelineHarness.pipedrive(sandbox, Map.of("retry-base-millis", "20", "retry-max-millis", "2000"))));
        }
    }

    @Test
    void killedZohoSyncResumesToTheSameWarehouseAsAnUninterruptedRun() throws Exception {
        try (Sandbox sandbox = ZohoSyncTest.zoho(SandboxOptions.defaults().withSeed(43))) {
            var zoho = sandbox.zoho();
            Map<String, String> app = zoho.connectionSettings();
            String sources = """
                        - name: %s
                          type: zoho
                          accounts-url: %s
                          client-id: %s
                          client-secret: ${CRMW_TEST_ZOHO_SECRET}
                          refresh-token: ${CRMW_TEST_ZOHO_REFRESH}
                          retry-base-millis: 20
                          retry-max-millis: 200
                    """.formatted(PipelineHarness.ZOHO, app.get("accounts-url"), app.get("client-id"));
            long before = zoho.requests();
            // a full run makes about 130 calls, half of them the stage histories of the deal page: killed inside it
            killMidSyncThenCompare(sandbox, sources, Map.of("CRMW_TEST_ZOHO_SECRET", app.get("client-secret"),
                            "CRMW_TEST_ZOHO_REFRESH", app.get("refresh-token")),
                    () -> zoho.requests() - before >= 60,
                    List.of(PipelineHarness.zoho(sandbox, Map.of("retry-base-millis", "20", "retry-max-millis", "200"))));
        }
    }

    @Test
    void killedZendeskSupportSyncResumesToTheSameWarehouseAsAnUninterruptedRun() throws Exception {
        // each answer takes 150 ms, so the kill lands while the exports and lists are being read
        try (Sandbox sandbox = ZendeskEndToEndTest.zendesk(SandboxOptions.defaults().withSeed(29).withoutRateLimits()
                .withFaults(io.crmw.sandbox.faults.FaultPlan.none().withDelayMillis(150)))) {
            var zd = sandbox.zendeskSupport();
            Map<String, String> account = zd.connectionSettings();
            String sources = ("    - {name: %s, type: zendesk, base-url: '%s', email: '%s', api-token: "
                    + "'${CRMW_TEST_ZENDESK_TOKEN}', retry-base-millis: 20, retry-max-millis: 200}%n")
                    .formatted(PipelineHarness.ZENDESK, account.get("base-url"), account.get("email"));
            long before = zd.requests();
            // a full run makes about 10 calls: killed once most exports and lists have answered (pages land in
            // batches that commit at a pass's end or after 2 s, so the first calls' pages may not be committed yet)
            killMidSyncThenCompare(sandbox, sources, Map.of("CRMW_TEST_ZENDESK_TOKEN", account.get("api-token")),
                    () -> zd.requests() - before >= 8, List.of(PipelineHarness.zendesk(sandbox,
                            Map.of("retry-base-millis", "20", "retry-max-millis", "200"), false)));
        }
    }

    /** Runs `crmw sync` as a real process, SIGKILLs it once {@code underWay}, resumes in-process, compares with a clean run. */
    private void killMidSyncThenCompare(Sandbox sandbox, String sourcesYaml, Map<String, String> env,
                                        java.util.concurrent.Callable<Boolean> underWay,
                                        List<io.crmw.connectors.spi.SourceConfig> sources) throws Exception {
        Path crashed = Files.createDirectories(dir.resolve("crashed"));
        Path clean = Files.createDirectories(dir.resolve("clean"));
        Path configFile = CrmwProcess.config(crashed, sourcesYaml);
        Process sync = CrmwProcess.sync(configFile, env);
        try {
            // kill once extraction is well under way: several streams have landed pages, none has finished all
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
                    .until(() -> underWay.call() || !sync.isAlive());
            assertThat(sync.isAlive()).as("sync still running when killed; log: %s", CrmwProcess.log(configFile)).isTrue();
        } finally {
            sync.destroyForcibly();
        }
        assertThat(sync.waitFor()).isNotZero();

        try (PipelineHarness resumed = new PipelineHarness(sandbox, crashed, sources)) {
            assertThat(resumed.count("select count(*) from meta.sync_run where status = 'running'")).isEqualTo(1);
            assertThat(resumed.count("select count(*) from meta.sync_state where cursor is not null")).isPositive();
            var result = resumed.sync(sources.get(0).name());
            assertThat(result.error()).isNull();
            assertThat(result.status()).isEqualTo("succeeded");
            assertThat(resumed.rows("select status from meta.sync_run order by started_at"))
                    .containsExactly(List.of("failed"), List.of("succeeded"));
        }
        try (PipelineHarness uninterrupted = new PipelineHarness(sandbox, clean, sources)) {
            assertThat(uninterrupted.sync(sources.get(0).name()).status()).isEqualTo("succeeded");
        }
        assertSameContent(crashed.resolve("warehouse.duckdb"), clean.resolve("warehouse.duckdb"));
    }

    /** Up to five rows of {@code left} that {@code right} lacks, one line each. */
    private static String firstRows(java.sql.Statement st, String left, String right) throws java.sql.SQLException {
        List<String> out = new ArrayList<>();
        try (var rs = st.executeQuery("select * from (" + left + " except all " + right + ") limit 5")) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> cells = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    cells.add(rs.getMetaData().getColumnLabel(i) + "=" + rs.getString(i));
                }
                out.add("{" + String.join(", ", cells) + "}");
            }
        }
        return out.isEmpty() ? "none" : "\n  " + String.join("\n  ", out);
    }

    static void assertSameContent(Path a, Path b) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); var st = c.createStatement()) {
            st.execute("attach '" + a + "' as a (read_only)");
            st.execute("attach '" + b + "' as b (read_only)");
            List<String[]> tables = new ArrayList<>();
            try (var rs = st.executeQuery("""
                    select table_schema, table_name from information_schema.tables
                    where table_catalog = 'a' and table_schema in ('core', 'reports') order by all""")) {
                while (rs.next()) {
                    tables.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            assertThat(tables).hasSizeGreaterThan(15);
            long compared = 0;
            for (String[] t : tables) {
                String columns = columnsWithoutSyncTime(st, t[0], t[1]);
                String left = "select " + columns + " from a." + t[0] + "." + t[1];
                String right = "select " + columns + " from b." + t[0] + "." + t[1];
                long onlyLeft;
                long onlyRight;
                try (var rs = st.executeQuery("select (select count(*) from (" + left + " except all " + right + ")),"
                        + " (select count(*) from (" + right + " except all " + left + ")), (select count(*) from (" + left + "))")) {
                    rs.next();
                    onlyLeft = rs.getLong(1);
                    onlyRight = rs.getLong(2);
                    compared += rs.getLong(3);
                }
                if (onlyLeft + onlyRight > 0) {
                    // name the rows, so a failure that happens one run in several says which stream and records it hit
                    assertThat(onlyLeft + onlyRight).as("rows differing in %s.%s: %d only in %s, first: %s; %d only in %s,"
                                    + " first: %s", t[0], t[1], onlyLeft, a.getParent().getFileName(), firstRows(st, left, right),
                            onlyRight, b.getParent().getFileName(), firstRows(st, right, left)).isZero();
                }
            }
            assertThat(compared).isGreaterThan(1000);
            try (var rs = st.executeQuery("select count(*) - count(distinct source_id) from a.core.deal")) {
                rs.next();
                assertThat(rs.getLong(1)).as("doubled deals").isZero();
            }
        }
    }

    private static String columnsWithoutSyncTime(java.sql.Statement st, String schema, String table) throws Exception {
        List<String> columns = new ArrayList<>();
        try (var rs = st.executeQuery("select column_name from information_schema.columns where table_catalog = 'a' and table_schema = '"
                + schema + "' and table_name = '" + table + "' and column_name not in ('synced_at') order by ordinal_position")) {
            while (rs.next()) {
                columns.add('"' + rs.getString(1) + '"');
            }
        }
        return String.join(", ", columns);
    }
}
