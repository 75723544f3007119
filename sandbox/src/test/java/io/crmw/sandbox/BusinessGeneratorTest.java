package io.crmw.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.sandbox.business.ActivityType;
import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.BusinessGenerator;
import io.crmw.sandbox.business.Deal;
import io.crmw.sandbox.business.LineItem;
import io.crmw.sandbox.business.MarketingEmail;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BusinessGeneratorTest {

  @Test
  void sameSeedAndSizeGiveIdenticalBusiness() {
    Business a = BusinessGenerator.generate(7, 1);
    Business b = BusinessGenerator.generate(7, 1);
    assertThat(new ArrayList<>(a.deals())).isEqualTo(new ArrayList<>(b.deals()));
    assertThat(new ArrayList<>(a.contacts())).isEqualTo(new ArrayList<>(b.contacts()));
    assertThat(new ArrayList<>(a.lineItems())).isEqualTo(new ArrayList<>(b.lineItems()));
    assertThat(new ArrayList<>(a.activities(ActivityType.CALL))).isEqualTo(new ArrayList<>(b.activities(ActivityType.CALL)));
    assertThat(new ArrayList<>(a.goals())).isEqualTo(new ArrayList<>(b.goals()));
    assertThat(new ArrayList<>(BusinessGenerator.generate(8, 1).deals())).isNotEqualTo(new ArrayList<>(a.deals()));
  }

  @Test
  void sizeOneHasTheDocumentedVolumesAndHistoryBeforeAsOf() {
    Business b = BusinessGenerator.generate(42, 1);
    assertThat(b.companies()).hasSize(50);
    assertThat(b.contacts()).hasSize(200);
    assertThat(b.deals()).hasSize(300);
    assertThat(b.deals()).allMatch(d -> d.updatedAt().isBefore(Business.AS_OF) && !d.createdAt().isAfter(d.updatedAt()));
    assertThat(b.contacts()).allMatch(c -> c.updatedAt().isBefore(Business.AS_OF));
    assertThat(b.deals()).anyMatch(Deal::archived);
    assertThat(b.tickets()).isNotEmpty().allMatch(t -> t.productSku() != null);
    assertThat(b.goals()).hasSize(b.owners().size() * 25);
  }

  @Test
  void closedDealsEndInAClosedStageWithACloseDateMatchingTheirJourney() {
    Business b = BusinessGenerator.generate(42, 2);
    List<Deal> closed = b.deals().stream().filter(d -> b.stageOf(d).closed()).toList();
    assertThat(closed).hasSizeGreaterThan(100);
    for (Deal d : closed) {
      assertThat(d.closeDate()).isNotNull();
      assertThat(d.journey().get(d.journey().size() - 1).stageId()).isEqualTo(d.stageId());
      assertThat(d.closeDate()).isEqualTo(d.journey().get(d.journey().size() - 1).enteredAt()
          .atZone(java.time.ZoneOffset.UTC).toLocalDate());
    }
    assertThat(b.deals()).anyMatch(d -> b.stageOf(d).won()).anyMatch(d -> b.stageOf(d).lost() && d.lostReason() != null);
    assertThat(b.deals()).anyMatch(d -> d.pipelineId().equals(BusinessGenerator.ENTERPRISE_PIPELINE));
  }

  @Test
  void currencyMixIsRoughlySeventyTwentyTen() {
    Business b = BusinessGenerator.generate(42, 4);
    Map<String, Long> byCurrency = b.deals().stream().collect(Collectors.groupingBy(Deal::currency, Collectors.counting()));
    assertThat(byCurrency.get("USD")).isBetween(760L, 920L);
    assertThat(byCurrency.get("EUR")).isBetween(180L, 300L);
    assertThat(byCurrency.get("GBP")).isBetween(80L, 170L);
  }

  @Test
  void wonDealAmountsUsuallyButNotAlwaysEqualTheirLineItems() {
    Business b = BusinessGenerator.generate(42, 2);
    Map<String, BigDecimal> lineSum = b.lineItems().stream()
        .collect(Collectors.groupingBy(LineItem::dealId, Collectors.reducing(BigDecimal.ZERO, LineItem::amount, BigDecimal::add)));
    List<Deal> wonWithLines = b.deals().stream().filter(d -> b.stageOf(d).won() && lineSum.containsKey(d.id())).toList();
    long equal = wonWithLines.stream().filter(d -> d.amount().compareTo(lineSum.get(d.id())) == 0).count();
    assertThat(equal).isGreaterThan(wonWithLines.size() * 3L / 4);
    assertThat(equal).isLessThan(wonWithLines.size());
  }

  @Test
  void marketingEmailFunnelNeverWidens() {
    Business b = BusinessGenerator.generate(42, 1);
    for (MarketingEmail m : b.marketingEmails()) {
      assertThat(m.sent()).isGreaterThanOrEqualTo(m.delivered());
      assertThat(m.delivered()).isGreaterThanOrEqualTo(m.opened());
      assertThat(m.opened()).isGreaterThanOrEqualTo(m.clicked());
    }
  }
}
