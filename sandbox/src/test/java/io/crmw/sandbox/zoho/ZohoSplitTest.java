package io.crmw.sandbox.zoho;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The split between all four CRMs: field-account deals of the default pipeline in Zoho, nothing else moves. */
class ZohoSplitTest {

  private static final Set<Crm> ALL = EnumSet.range(Crm.HUBSPOT, Crm.ZOHO);
  private static final FxRates FX = io.crmw.sandbox.SandboxReference.fxRates();

  @Test
  void everyDealIsInExactlyOneCrmAndOnlyFieldDealsMoveOutOfHubSpot() {
    Business three = BusinessGenerator.generate(42, 4, EnumSet.of(Crm.HUBSPOT, Crm.SALESFORCE, Crm.PIPEDRIVE));
    Business four = BusinessGenerator.generate(42, 4, ALL);
    long zoho = 0;
    for (var d : four.deals()) {
      Crm holder = four.holder(d);
      assertThat(ALL.stream().filter(crm -> four.holds(crm, d)).toList()).containsExactly(holder);
      if (holder == Crm.ZOHO) {
        zoho++;
        assertThat(d.pipelineId()).isEqualTo(BusinessGenerator.DEFAULT_PIPELINE);
        assertThat(CrmSplit.fieldAccount(d.companyId())).isTrue();
        assertThat(three.holder(d)).isEqualTo(Crm.HUBSPOT);
      } else {
        assertThat(holder).isEqualTo(three.holder(d));
      }
    }
    assertThat(zoho).isBetween(100L, 300L);
    CrmSplitTruth truth = new CrmSplitTruth(four);
    assertThat(ALL.stream().mapToLong(truth::liveDeals).sum()).isEqualTo(new GroundTruth(four).liveDeals());
    assertThat(ALL.stream().mapToLong(truth::deletedDeals).sum()).isEqualTo(new GroundTruth(four).archivedCount("deals"));
    four.deals().stream().filter(d -> four.holder(d) == Crm.ZOHO).forEach(d -> {
      assertThat(four.holds(Crm.ZOHO, four.company(d.companyId()).orElseThrow())).isTrue();
      d.contactIds().forEach(c -> assertThat(four.holds(Crm.ZOHO, four.contact(c).orElseThrow())).isTrue());
    });
    assertThat(four.tickets()).noneMatch(t -> four.holds(Crm.ZOHO, t));
    // Pipedrive's and Salesforce's shares of companies and contacts are the same as without Zoho
    for (Crm crm : EnumSet.of(Crm.SALESFORCE, Crm.PIPEDRIVE)) {
      four.companies().forEach(c -> assertThat(four.holds(crm, c)).isEqualTo(three.holds(crm, c)));
      four.contacts().forEach(c -> assertThat(four.holds(crm, c)).isEqualTo(three.holds(crm, c)));
    }
  }

  @Test
  void perCrmWonTotalsAddUpToTheWholeBusinessAndSomeCustomersAreInZohoAndHubSpot() {
    Business b = BusinessGenerator.generate(42, 4, ALL);
    CrmSplitTruth truth = new CrmSplitTruth(b);
    var whole = new GroundTruth(b).wonAmountPerMonth("USD", FX);
    assertThat(truth.wonAmountPerMonthCombined("USD", FX)).isEqualTo(whole);
    assertThat(truth.wonAmountPerMonth(Crm.ZOHO, "USD", FX)).isNotEmpty();
    whole.forEach((m, v) -> assertThat(ALL.stream().map(crm -> truth.wonAmountPerMonth(crm, "USD", FX)
        .getOrDefault(m, BigDecimal.ZERO)).reduce(BigDecimal.ZERO, BigDecimal::add)).as(m.toString())
        .isEqualByComparingTo(v));
    assertThat(ALL.stream().mapToLong(truth::wonDeals).sum()).isEqualTo(new GroundTruth(b).wonDeals().count());
    assertThat(truth.customerDomains(Crm.ZOHO)).isNotEmpty();
    assertThat(truth.customersInAll(EnumSet.of(Crm.HUBSPOT, Crm.ZOHO))).isPositive();
    assertThat(truth.companyDomainsInAll(EnumSet.of(Crm.HUBSPOT, Crm.ZOHO))).isNotEmpty();
    assertThat(truth.liveContacts(Crm.ZOHO)).isPositive();
    assertThat(truth.lineItems(Crm.ZOHO)).isPositive();
    assertThat(truth.distinctCustomers()).isEqualTo(ALL.stream().flatMap(crm -> truth.customerDomains(crm).stream())
        .distinct().count());
  }
}
