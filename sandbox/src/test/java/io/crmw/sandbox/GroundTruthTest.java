package io.crmw.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.BusinessGenerator;
import io.crmw.sandbox.business.Company;
import io.crmw.sandbox.business.Deal;
import io.crmw.sandbox.business.FxRates;
import io.crmw.sandbox.business.GroundTruth;
import io.crmw.sandbox.business.Pipeline;
import io.crmw.sandbox.business.Stage;
import io.crmw.sandbox.business.StageVisit;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroundTruthTest {

  private static final Instant T = Instant.parse("2025-01-01T00:00:00Z");

  private static Business tiny() {
    Business b = new Business();
    b.addDealPipeline(new Pipeline("default", "deals", "Sales", 0, List.of(
        new Stage("appointmentscheduled", "Appt", 0, new BigDecimal("0.2"), false, null),
        new Stage("closedwon", "Won", 1, new BigDecimal("1.0"), true, null),
        new Stage("closedlost", "Lost", 2, new BigDecimal("0.0"), true, null)), T, T));
    b.add(new Company("1", "Acme", "acme.example", "RETAIL", 10, "Germany", "9", T, T, null));
    b.add(deal("11", "closedwon", "100.005", "USD", LocalDate.of(2025, 3, 31), null));
    b.add(deal("12", "closedwon", "1000", "EUR", LocalDate.of(2025, 3, 15), null));   // rate of 2025-03-01: 1.10
    b.add(deal("13", "closedwon", "1000", "EUR", LocalDate.of(2025, 2, 28), null));   // rate of 2025-02-01: 1.05
    b.add(deal("14", "closedwon", "5000", "USD", LocalDate.of(2025, 3, 2), T));       // archived: ignored
    b.add(deal("15", "closedlost", "7000", "USD", LocalDate.of(2025, 3, 3), null));   // lost: ignored
    b.add(deal("16", "appointmentscheduled", "9000", "USD", LocalDate.of(2025, 3, 4), null));
    return b;
  }

  private static Deal deal(String id, String stage, String amount, String ccy, LocalDate close, Instant archivedAt) {
    return new Deal(id, "d" + id, "default", stage, new BigDecimal(amount), ccy, close, "9", "1", List.of(), "OFFLINE",
        null, "EMEA", List.of(new StageVisit(stage, T, null)), T, T, archivedAt);
  }

  private static final List<String> FX = List.of("rate_date,from_currency,to_currency,rate",
      "2025-02-01,EUR,USD,1.05", "2025-03-01,EUR,USD,1.10", "2025-04-01,EUR,USD,1.20");

  @Test
  void wonAmountConvertsEachDealAtTheLatestRateOnOrBeforeItsCloseDateAndRoundsPerDeal() {
    GroundTruth truth = new GroundTruth(tiny());
    Map<YearMonth, BigDecimal> won = truth.wonAmountPerMonth("USD", FxRates.parse(FX));
    assertThat(won).containsOnlyKeys(YearMonth.of(2025, 2), YearMonth.of(2025, 3));
    assertThat(won.get(YearMonth.of(2025, 2))).isEqualByComparingTo("1050.00");
    // 100.005 rounds HALF_UP to 100.01; 1000 EUR × 1.10 = 1100.00
    assertThat(won.get(YearMonth.of(2025, 3))).isEqualByComparingTo("1200.01");
    assertThat(truth.wonDealCountPerMonth()).containsEntry(YearMonth.of(2025, 3), 2L).containsEntry(YearMonth.of(2025, 2), 1L);
  }

  @Test
  void readsTheFxCsvFromAPath(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("fx.csv");
    Files.write(csv, FX);
    assertThat(new GroundTruth(tiny()).wonAmountPerMonth("USD", csv).get(YearMonth.of(2025, 2)))
        .isEqualByComparingTo("1050.00");
  }

  @Test
  void missingRateIsAnErrorThatSaysWhatToAdd() {
    assertThatThrownBy(() -> new GroundTruth(tiny()).wonAmountPerMonth("GBP", FxRates.parse(FX)))
        .hasMessageContaining("no fx rate USD->GBP");
  }

  @Test
  void countsExcludeArchivedRecords() {
    GroundTruth truth = new GroundTruth(tiny());
    assertThat(truth.liveDeals()).isEqualTo(5);
    assertThat(truth.liveCount("deals")).isEqualTo(5);
    assertThat(truth.liveCompanies()).isEqualTo(1);
  }

  @Test
  void generatedBusinessConvertsWithTheSandboxReferenceRates() {
    FxRates fx = SandboxReference.fxRates();
    Business b = BusinessGenerator.generate(42, 1);
    Map<YearMonth, BigDecimal> won = new GroundTruth(b).wonAmountPerMonth("EUR", fx);
    assertThat(won).isNotEmpty();
    assertThat(won.values()).allMatch(v -> v.signum() > 0 && v.scale() == 2);
  }
}
