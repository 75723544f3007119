package io.crmw.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.app.e2e.PipelineHarness;
import io.crmw.sandbox.Sandbox;
import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.business.Crm;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code crmw sync} over two CRMs: each is extracted and normalized in turn, then the reports are built and published
 * once over both (a build per source rebuilt and published them once for every CRM).
 */
class SyncCommandTest {

    @TempDir
    Path dir;

    @Test
    void severalSourcesAreSyncedInTurnAndTheReportsBuiltOnceOverAllOfThem() throws Exception {
        try (Sandbox sandbox = PipelineHarness.sandboxWith(Crm.PIPEDRIVE, SandboxOptions.defaults().withSeed(5))) {
            Path hubspotToken = Files.writeString(dir.resolve("hubspot.token"), sandbox.hubspot().token());
            Path pipedriveToken = Files.writeString(dir.resolve("pipedrive.token"), sandbox.pipedrive().apiToken());
            Path config = dir.resolve("crmw.yml");
            Files.writeString(config, """
                    crmw:
                      warehouse: %s
                      published: %s
                      reporting-currency: USD
                      reporting-time-zone: Europe/Berlin
                      reference-dir: %s
                      sources:
                        - name: hs
                          type: hubspot
                          base-url: %s
                          token-file: %s
                        - name: pd
                          type: pipedrive
                          base-url: %s
                          api-token-file: %s
                    """.formatted(dir.resolve("w.duckdb"), dir.resolve("published/w.duckdb"), PipelineHarness.REFERENCE,
                    sandbox.hubspot().baseUrl(), hubspotToken, sandbox.pipedrive().baseUrl(), pipedriveToken));
            StringWriter err = new StringWriter();
            PrintStream saved = System.out;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            int code;
            try {
                code = CrmwCommand.execute(new PrintWriter(err, true), "sync", "--config", config.toString());
            } finally {
                System.setOut(saved);
            }
            String printed = out.toString(StandardCharsets.UTF_8);
            assertThat(code).as("stdout: %s%nstderr: %s", printed, err).isZero();
            assertThat(printed).containsOnlyOnce("reports: ").containsPattern("reports: \\d{2} models built, \\d{3} data tests"
                    + " passed, published in").containsPattern("hs: run \\S+ succeeded").containsPattern("pd: run \\S+ succeeded");
            assertThat(printed.indexOf("reports: ")).as("built after the last source").isGreaterThan(printed.indexOf("pd: run"));
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("w.duckdb"));
                 Statement st = c.createStatement()) {
                assertThat(rows(st, "select status, count(*) from meta.transform_run group by all"))
                        .containsExactly("succeeded|1");
            }
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("published/w.duckdb"));
                 Statement st = c.createStatement()) {
                assertThat(rows(st, "select distinct source_system from reports.total_sales where won_deals > 0 order by 1"))
                        .as("the published reports hold both CRMs").containsExactly("hs", "pd");
            }
        }
    }

    private static List<String> rows(Statement st, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> cells = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    cells.add(rs.getString(i));
                }
                out.add(String.join("|", cells));
            }
        }
        return out;
    }
}
