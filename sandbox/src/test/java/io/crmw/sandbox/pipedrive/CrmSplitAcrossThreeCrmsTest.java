package io.crmw.sandbox.pipedrive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmw.sandbox.Sandbox;
import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.BusinessGenerator;
import io.crmw.sandbox.business.Crm;
import io.crmw.sandbox.business.CrmSplit;
import io.crmw.sandbox.business.FxRates;
import io.crmw.sandbox.business.GroundTruth;
import io.crmw.sandbox.business.truth.CrmSplitTruth;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The split between any set of CRMs: unchanged for HubSpot + Salesforce, partner deals in Pipedrive. */
class CrmSplitAcrossThreeCrmsTest {

  private static final Set<Crm> ALL = EnumSet.of(Crm.HUBSPOT, Crm.SALESFORCE, Crm.PIPEDRIVE);
  private static final FxRates FX = io.crmw.sandbox.SandboxReference.fxRates();

  @Test
  void hubSpotPlusSalesforceSplitIsExactlyTheOneBeforePipedrive() throws Exception {
    // digests and counts recorded with the two-CRM CrmSplit before Pipedrive existed
    assertThat(SplitFingerprint.of(BusinessGenerator.generate(42, 1, true)))
        .isEqualTo("2026acef96ac3b97b32c0d3f5dd388561e62affb2941637586bbd0c2f5a0ff30");
    assertThat(SplitFingerprint.of(BusinessGenerator.generate(42, 4, true)))
        .isEqualTo("2953ea6fb6436f5feee5195eed240cb2e0c023924ef80c91c606324d1f2e758a");
    assertThat(SplitFingerprint.of(BusinessGenerator.generate(7, 4, EnumSet.of(Crm.HUBSPOT, Crm.SALESFORCE))))
        .isEqualTo("92066d0965570e8e23387a2f353476854e533a84849e0e94950d7f975f6b3f84");
    assertThat(SplitFingerprint.of(BusinessGenerator.generate(31, 1, EnumSet.of(Crm.HUBSPOT))))
        .isEqualTo("7e78df0dd17b8616ec5178abd804c71c879f35e6d74b29d7e320ebec560c2ad5");
    try (Sandbox s = Sandbox.start(SandboxOptions.defaults().withSalesforce(true))) {
      CrmSplitTruth truth = new CrmSplitTruth(s.business());
      assertThat(s.options().crms()).containsExactly(Crm.HUBSPOT, Crm.SALESFORCE);
      assertThat(List.of(truth.liveDeals(Crm.HUBSPOT), truth.liveDeals(Crm.SALESFORCE), truth.liveDeals(Crm.PIPEDRIVE)))
          .containsExactly(207L, 83L, 0L);
      assertThat(List.of(truth.liveContacts(Crm.HUBSPOT), truth.liveContacts(Crm.SALESFORCE), truth.distinctCustomers()))
          .containsExactly(194L, 137L, 42L);
      assertThatThrownBy(s::pipedrive).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void withPipedriveEveryDealIsInExactlyOneCrmAndPartnerDealsMoveOnlyOutOfHubSpot() {
    Business two = BusinessGenerator.generate(42, 4, true);
    Business three = BusinessGenerator.generate(42, 4, ALL);
    assertThat(List.copyOf(three.deals())).isEqualTo(List.copyOf(two.deals()));
    long pipedrive = 0;
    for (var d : three.deals()) {
      Crm holder = three.holder(d);
      assertThat(ALL.stream().filter(crm -> three.holds(crm, d)).toList()).containsExactly(holder);
      boolean partner = d.pipelineId().equals(BusinessGenerator.DEFAULT_PIPELINE) && CrmSplit.partnerAccount(d.companyId());
      if (holder == Crm.PIPEDRIVE) {
        pipedrive++;
        assertThat(partner).isTrue();
        assertThat(two.holder(d)).isEqualTo(Crm.HUBSPOT);
      } else {
        assertThat(holder).isEqualTo(two.holder(d)); // Salesforce unchanged, HubSpot keeps the rest it had
        assertThat(partner && holder == Crm.HUBSPOT).isFalse();
      }
    }
    CrmSplitTruth truth = new CrmSplitTruth(three);
    assertThat(pipedrive).isBetween(120L, 260L);
    assertThat(truth.liveDeals(Crm.HUBSPOT) + truth.liveDeals(Crm.SALESFORCE) + truth.liveDeals(Crm.PIPEDRIVE))
        .isEqualTo(new GroundTruth(three).liveDeals());
    assertThat(truth.deletedDeals(Crm.HUBSPOT) + truth.deletedDeals(Crm.SALESFORCE) + truth.deletedDeals(Crm.PIPEDRIVE))
        .isEqualTo(new GroundTruth(three).archivedCount("deals"));
    // line items follow their deal; contacts and companies of Pipedrive deals are in Pipedrive
    three.lineItems().forEach(l -> assertThat(three.holds(Crm.PIPEDRIVE, l))
        .isEqualTo(three.holder(three.deal(l.dealId()).orElseThrow()) == Crm.PIPEDRIVE));
    three.deals().stream().filter(d -> three.holder(d) == Crm.PIPEDRIVE).forEach(d -> {
      assertThat(three.holds(Crm.PIPEDRIVE, three.company(d.companyId()).orElseThrow())).isTrue();
      d.contactIds().forEach(c -> assertThat(three.holds(Crm.PIPEDRIVE, three.contact(c).orElseThrow())).isTrue());
    });
    assertThat(three.tickets()).noneMatch(t -> three.holds(Crm.PIPEDRIVE, t));
  }

  @Test
  void perCrmWonTotalsAddUpToTheWholeBusinessAndSomeCustomersAreInAllThree() {
    Business b = BusinessGenerator.generate(42, 4, ALL);
    CrmSplitTruth truth = new CrmSplitTruth(b);
    var whole = new GroundTruth(b).wonAmountPerMonth("USD", FX);
    assertThat(truth.wonAmountPerMonthCombined("USD", FX)).isEqualTo(whole);
    var hs = truth.wonAmountPerMonth(Crm.HUBSPOT, "USD", FX);
    var sf = truth.wonAmountPerMonth(Crm.SALESFORCE, "USD", FX);
    var pd = truth.wonAmountPerMonth(Crm.PIPEDRIVE, "USD", FX);
    assertThat(pd).isNotEmpty();
    whole.forEach((m, v) -> assertThat(hs.getOrDefault(m, BigDecimal.ZERO).add(sf.getOrDefault(m, BigDecimal.ZERO))
        .add(pd.getOrDefault(m, BigDecimal.ZERO))).as(m.toString()).isEqualByComparingTo(v));

    Set<String> inAllThree = truth.companyDomainsInAll(ALL);
    assertThat(inAllThree.size()).isGreaterThanOrEqualTo(3);
    assertThat(truth.customersInAll(ALL)).isPositive();
    long union = ALL.stream().flatMap(crm -> truth.customerDomains(crm).stream()).distinct().count();
    assertThat(truth.distinctCustomers()).isEqualTo(union).isLessThan(ALL.stream()
        .mapToLong(crm -> truth.customerDomains(crm).size()).sum());
    assertThat(truth.distinctCompanies()).isEqualTo(b.companies().stream().filter(c -> !c.archived())
        .map(c -> CrmSplitTruth.normalizeDomain(c.domain())).distinct().count());
  }

  @Test
  void sandboxOptionsNameTheCrmsAndKeepWithSalesforceWorking() {
    SandboxOptions o = SandboxOptions.defaults();
    assertThat(o.crms()).containsExactly(Crm.HUBSPOT);
    assertThat(o.salesforce()).isFalse();
    assertThat(o.withSalesforce(true).crms()).containsExactly(Crm.HUBSPOT, Crm.SALESFORCE);
    assertThat(o.withSalesforce(true).salesforce()).isTrue();
    assertThat(o.withCrms(ALL).withSalesforce(false).crms()).containsExactly(Crm.HUBSPOT, Crm.PIPEDRIVE);
    assertThat(o.withCrms(EnumSet.of(Crm.HUBSPOT, Crm.PIPEDRIVE)).runs(Crm.PIPEDRIVE)).isTrue();
    assertThatThrownBy(() -> o.withCrms(EnumSet.of(Crm.PIPEDRIVE))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HUBSPOT");
    assertThat(o.withoutRateLimits().pipedrive().burstPer2Seconds()).isZero();
  }
}
