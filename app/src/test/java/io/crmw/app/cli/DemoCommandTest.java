package io.crmw.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.app.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first-run experience: `crmw demo` on three simulated CRMs, every month equal to the simulator's truth. */
class DemoCommandTest {

    @TempDir
    Path dir;

    @Test
    void demoSyncsEveryRegisteredCrmAndEveryMonthEqualsTheGroundTruth() throws Exception {
        Cli.Run run = Cli.run("demo", "--size", "1", "--data", dir.toString(), "--reference-dir",
                "../config/reference");
        String printed = run.out();
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(printed).contains("hubspot-demo", "salesforce-demo", "pipedrive-demo", "zoho-demo", "zendesk-demo",
                        "zendesk-sell-demo")
                .contains("every month equals the simulator's ground truth to the cent")
                .doesNotContain("MISMATCH");
        assertThat(printed.lines().filter(l -> l.contains(": run ") && l.contains(" succeeded in ")).count()).isEqualTo(6);
        assertThat(printed).containsPattern("reports: \\d+ models built \\(\\d+ by the changed deals only, \\d+ in full, \\d+ kept\\), \\d+ data tests passed");
        assertThat(Files.readString(dir.resolve("demo-config.yml"))).contains("sources: []").doesNotContain("token");
        assertThat(dir.resolve("published").resolve("demo.duckdb")).exists();
        // the demo's made-up rates and costs sit in its own reference folder, which its config points at
        assertThat(Files.readString(dir.resolve("demo-config.yml"))).contains("reference-dir: " + dir.resolve("reference"));
        assertThat(Files.readAllLines(dir.resolve("reference/campaign_costs.csv"))).hasSize(7);
        try (var c = ReadOnlyWarehouse.open(dir.resolve("published").resolve("demo.duckdb"), "the demo");
             var rs = c.createStatement().executeQuery(
                     "select count(*) filter (where cost_rc is not null), count(*) from reports.campaign_performance")) {
            rs.next();
            assertThat(rs.getLong(1)).as("campaigns with the sandbox's costs").isPositive();
        }
    }

    @Test
    void anUnknownCrmIsOneLineNamingTheKnownOnes() {
        Cli.Run run = Cli.run("demo", "--crms", "hubspot,freshsales", "--data", dir.toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("crmw: --crms: unknown CRM 'freshsales'; the sandbox simulates "
                + "hubspot, salesforce, pipedrive, zoho, zendesk, zendesk-sell");
    }
}
