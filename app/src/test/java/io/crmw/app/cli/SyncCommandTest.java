package io.crmw.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.app.e2e.PipelineHarness;
import io.crmw.app.testing.Cli;
import io.crmw.app.testing.CrmwProcess;
import io.crmw.sandbox.Sandbox;
import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.business.Crm;
import io.crmw.warehouse.testing.WarehouseSql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code crmw sync} over two CRMs: both are extracted and normalized at the same time, then the reports are built and
 * published once over both (a build per source rebuilt and published them once for every CRM).
 */
class SyncCommandTest {

    @TempDir
    Path dir;

    @Test
    void severalSourcesAreSyncedAtOnceAndTheReportsBuiltOnceOverAllOfThem() throws Exception {
        try (Sandbox sandbox = PipelineHarness.sandboxWith(Crm.PIPEDRIVE, SandboxOptions.defaults().withSeed(5))) {
            Path hubspotToken = Files.writeString(dir.resolve("hubspot.token"), sandbox.hubspot().token());
            Path pipedriveToken = Files.writeString(dir.resolve("pipedrive.token"), sandbox.pipedrive().apiToken());
            Path config = CrmwProcess.config(dir, """
                        - name: hs
                          type: hubspot
                          base-url: %s
                          token-file: %s
                        - name: pd
                          type: pipedrive
                          base-url: %s
                          api-token-file: %s
                    """.formatted(sandbox.hubspot().baseUrl(), hubspotToken, sandbox.pipedrive().baseUrl(), pipedriveToken));
            Cli.Run run = Cli.run("sync", "--config", config.toString());
            String printed = run.out();
            assertThat(run.code()).as("%s", run).isZero();
            assertThat(printed).containsOnlyOnce("reports: ").containsPattern("reports: \\d{2} models built \\(0 by the changed deals only,"
                    + " \\d{2} in full, \\d kept\\), \\d{3} data tests passed, published in").containsPattern("hs: run \\S+ succeeded").containsPattern("pd: run \\S+ succeeded");
            assertThat(printed.indexOf("reports: ")).as("built after the last source").isGreaterThan(printed.indexOf("pd: run"));
            assertThat(printed).doesNotContain("transform + publish")
                    .containsPattern("(?s)hs: run .*reports built once every source is done.*pd: run .*reports built once every source is done");
            // status shows the build after the runs: its models, how each was built, its tests
            Cli.Run status = Cli.run("status", "--config", config.toString(), "--format", "csv");
            assertThat(status.code()).as("%s", status).isZero();
            assertThat(status.out()).contains("last report build")
                    .containsPattern("\\n[^,\\n]+,succeeded,[0-9.]+,(\\d{2}),0,\\1,0,\\d{3},0,\\n");
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("warehouse.duckdb"))) {
                assertThat(WarehouseSql.rows(c, "select status, count(*) from meta.transform_run group by all"))
                        .containsExactly("succeeded|1");
                assertThat(WarehouseSql.rows(c, "select count(*) from meta.sync_run a join meta.sync_run b"
                        + " on a.source = 'hs' and b.source = 'pd' where a.started_at < b.finished_at"
                        + " and b.started_at < a.finished_at")).as("the two runs overlapped").containsExactly("1");
            }
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("published/warehouse.duckdb"))) {
                assertThat(WarehouseSql.rows(c, "select distinct source_system from reports.total_sales where won_deals > 0"
                        + " order by 1"))
                        .as("the published reports hold both CRMs").containsExactly("hs", "pd");
            }
        }
    }
}
