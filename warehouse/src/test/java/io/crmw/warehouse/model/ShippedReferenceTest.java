package io.crmw.warehouse.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmw.warehouse.Warehouse;
import io.crmw.warehouse.model.marketing.MarketingCore;
import io.crmw.warehouse.testing.WarehouseSql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference folder a real user starts from ({@code config/reference}: headers and a documentation line, no data)
 * builds every model, and rates, costs and pools the user writes below the documentation line count. Other tests use
 * the sandbox's folder, whose files have no comment lines.
 */
class ShippedReferenceTest {
    static final Path SHIPPED = Path.of("../config/reference");

    @TempDir
    Path dir;

    @Test
    void theShippedFolderBuildsEveryModelAndWhatAUserAddsBelowItsCommentLinesCounts() throws Exception {
        Path reference = Files.createDirectories(dir.resolve("reference"));
        try (var files = Files.list(SHIPPED)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, reference.resolve(f.getFileName()));
            }
        }
        assertThat(Files.readAllLines(reference.resolve("fx_rates.csv")).get(1)).startsWith("#");
        Map<String, String> vars = Map.of("reporting_currency", "USD", "reporting_time_zone", "Europe/Berlin",
                "reference_dir", reference.toString(), "as_of_date", "2024-03-15");

        try (Warehouse wh = Warehouse.open(dir.resolve("empty.duckdb"))) {
            TransformResult r = new ModelRunner(wh, vars).run("t1");
            assertThat(r.failures()).isEmpty();
            assertThat(r.models()).isGreaterThan(40);
            assertThat(WarehouseSql.rows(wh, "select count(*) from core.fx_rate")).containsExactly("0");
        }

        Files.writeString(reference.resolve("fx_rates.csv"), "2024-01-02,EUR,USD,1.0342\n", StandardOpenOption.APPEND);
        Files.writeString(reference.resolve("cost_pools.csv"), "2024-01-01,hosting,4000.00,USD,units\n",
                StandardOpenOption.APPEND);
        try (Warehouse wh = Warehouse.open(dir.resolve("w.duckdb"))) {
            MarketingCore.seed(wh);
            TransformResult r = new ModelRunner(wh, vars).run("t1");
            assertThat(r.failures()).isEmpty();
            assertThat(WarehouseSql.rows(wh, "select source_system, from_currency, valid_from, rate from core.fx_rate"
                    + " where source_system = 'fx_rates.csv'")).containsExactly("fx_rates.csv|EUR|2024-01-02|1.03420000");
            assertThat(WarehouseSql.rows(wh, "select pool, amount_rc from core.cost_pool"))
                    .containsExactly("hosting|4000.00");
        }
    }


    @Test
    void aMissingRateFileMeansNoUserRatesAndALineThatDoesNotParseFailsTheBuildNamingIt() throws Exception {
        Path reference = Files.createDirectories(dir.resolve("reference"));
        MarketingCore.writeReference(reference, true);
        Map<String, String> vars = MarketingCore.vars(reference);
        Files.delete(reference.resolve("fx_rates.csv"));
        try (Warehouse wh = Warehouse.open(dir.resolve("w.duckdb"))) {
            MarketingCore.seed(wh);
            assertThat(new ModelRunner(wh, vars).run("t1").failures()).isEmpty();
            assertThat(WarehouseSql.rows(wh, "select count(*) from core.fx_rate where source_system = 'fx_rates.csv'"))
                    .containsExactly("0");

            Files.writeString(reference.resolve("fx_rates.csv"), "rate_date,from_currency,to_currency,rate\n"
                    + "# a comment\n2024-01-02,EUR,USD,1.0342\n2024-13-01,GBP,USD,1.25\n2024-01-02,CHF,USD,\n");
            assertThatThrownBy(() -> new ModelRunner(wh, vars).full(true).run("t2"))
                    .isInstanceOf(ModelBuildException.class)
                    .hasMessageContaining("fx_rates_csv_lines_parse on core.fx_rate: 2 offending row(s)")
                    .hasMessageContaining("line_number=4").hasMessageContaining("line_number=5")
                    .hasMessageNotContaining("line_number=3");
            assertThat(WarehouseSql.rows(wh, "select count(*) from core.fx_rate where source_system = 'fx_rates.csv'"))
                    .as("rolled back").containsExactly("0");
        }
    }
}
