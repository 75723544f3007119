package io.crmw.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real defaults carry no demo data: the shipped {@code config/reference} holds no rate, no campaign cost and no
 * overhead pool (only headers and a line of documentation), and the sandbox writes its own folder for the demo and
 * the tests: the shipped files, its rates, costs and pools in place of the templates, its loss reasons added.
 */
class SandboxReferenceTest {
    static final Path SHIPPED = Path.of("../config/reference");

    @TempDir
    Path dir;

    @Test
    void theShippedReferenceFolderHoldsNoRateNoCampaignCostAndNoPool() throws Exception {
        for (String name : List.of("fx_rates.csv", "campaign_costs.csv", "cost_pools.csv", "goals.csv")) {
            assertThat(dataRows(SHIPPED.resolve(name))).as(name).isEmpty();
        }
        // what is true for every user stays: the vendors' default call dispositions and ticket categories
        assertThat(dataRows(SHIPPED.resolve("outcome_map.csv"))).hasSize(6);
        assertThat(dataRows(SHIPPED.resolve("reason_map.csv"))).allMatch(r -> r.startsWith("*,ticket,"));
    }

    @Test
    void theSandboxWritesItsOwnFolderOverTheShippedOne() throws Exception {
        Path written = SandboxReference.write(dir.resolve("reference"), SHIPPED);
        assertThat(dataRows(written.resolve("fx_rates.csv"))).hasSizeGreaterThan(100);
        assertThat(dataRows(written.resolve("campaign_costs.csv"))).hasSize(6);
        assertThat(dataRows(written.resolve("cost_pools.csv"))).isNotEmpty();
        assertThat(Files.readAllLines(written.resolve("source_map.csv")))
                .isEqualTo(Files.readAllLines(SHIPPED.resolve("source_map.csv")));
        List<String> reasons = Files.readAllLines(written.resolve("reason_map.csv"));
        assertThat(reasons.get(0)).isEqualTo("source_system,domain,raw_value,normalized,is_complaint");
        assertThat(reasons).filteredOn(r -> r.equals(reasons.get(0))).hasSize(1);
        assertThat(reasons).contains("*,loss,Price too high,price,false", "*,ticket,PRODUCT_ISSUE,product_issue,true");
        assertThat(SandboxReference.fxRates().rate("EUR", "USD", LocalDate.of(2026, 3, 15))).isPositive();
        // writing twice gives the same folder (the demo rewrites it every run)
        SandboxReference.write(written, SHIPPED);
        assertThat(Files.readAllLines(written.resolve("reason_map.csv"))).isEqualTo(reasons);
    }

    private static List<String> dataRows(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        return lines.subList(1, lines.size()).stream().filter(l -> !l.isBlank() && !l.strip().startsWith("#")).toList();
    }
}
