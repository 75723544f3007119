package io.crmw.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.app.testing.Cli;
import io.crmw.app.testing.CrmwProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code crmw transform} as a new user first runs it: the shipped reference folder ({@code config/reference}, templates
 * with a comment line and no data) and sources whose secrets are not set (rebuilding reports calls no CRM).
 */
class TransformCommandTest {

    @TempDir
    Path dir;

    @Test
    void transformBuildsFromTheShippedReferenceFolderWithoutTheCrmSecrets() throws Exception {
        Path config = CrmwProcess.config(dir, dir, Path.of("../config/reference").toAbsolutePath().normalize(), """
                    - name: hubspot-main
                      type: hubspot
                      base-url: https://api.hubapi.com
                      token: ${CRMW_TEST_UNSET_TOKEN}
                """);
        Cli.Run run = Cli.run("transform", "--full", "--config", config.toString());
        assertThat(run.code()).as("%s", run).isZero();
        assertThat(run.out()).containsPattern("built [0-9]{2} models, [0-9]{3} data tests passed, published in");
        assertThat(run.err()).doesNotContain("CRMW_TEST_UNSET_TOKEN");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("published/warehouse.duckdb"));
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from information_schema.tables where table_schema = 'reports'")) {
            rs.next();
            assertThat(rs.getLong(1)).as("report tables published").isGreaterThan(25);
        }
    }

    @Test
    void aModelThatCannotBeBuiltIsOneFailureNotADataTestCount() throws Exception {
        Path reference = Files.createDirectories(dir.resolve("reference"));
        Files.writeString(reference.resolve("fx_rates.csv"), "rate_date,from_currency,to_currency,rate\n");
        Path config = CrmwProcess.config(dir, dir, reference, "    []\n");
        // not text: core.fx_rate cannot read it
        Files.write(reference.resolve("fx_rates.csv"), new byte[] {'r', 'a', 't', 'e', (byte) 0xff, (byte) 0xfe, '\n'});
        Cli.Run run = Cli.run("transform", "--config", config.toString());
        assertThat(run.code()).as("%s", run).isEqualTo(1);
        assertThat(run.out()).startsWith("transform failed; the previous report tables are kept")
                .contains("model core.fx_rate").doesNotContain("data tests failed");
    }
}
