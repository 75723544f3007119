package io.crmw.sandbox.salesforce;

import static io.crmw.sandbox.salesforce.SfTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmw.sandbox.Sandbox;
import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.BusinessGenerator;
import io.crmw.sandbox.business.Contact;
import io.crmw.sandbox.business.Crm;
import io.crmw.sandbox.business.FxRates;
import io.crmw.sandbox.business.GroundTruth;
import io.crmw.sandbox.business.truth.CrmSplitTruth;
import io.crmw.sandbox.faults.FaultPlan;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Deletes and changes through the mutation API, the two-CRM split, and the unchanged default. */
class SalesforceMutationAndSplitTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void softDeletesOnlyThroughQueryAllAndHardDeletesNowhere() throws Exception {
    try (Sandbox s = Sandbox.start(SandboxOptions.defaults().withSalesforce(true))) {
      SalesforceSimulator sf = s.salesforce();
      SfTestClient c = new SfTestClient(sf.instanceUrl()).login(sf);
      Business b = s.business();
      long deletedFromStart = b.deals().stream().filter(d -> d.archived() && b.holder(d) == Crm.SALESFORCE).count();
      long live = new CrmSplitTruth(b).liveDeals(Crm.SALESFORCE);
      assertThat(deletedFromStart).isPositive();
      assertThat(json(c.query("SELECT Id FROM Opportunity")).path("totalSize").asLong()).isEqualTo(live);
      assertThat(json(c.queryAll("SELECT Id FROM Opportunity")).path("totalSize").asLong())
          .isEqualTo(live + deletedFromStart);
      JsonNode bin = json(c.queryAll("SELECT Id, IsDeleted, SystemModstamp FROM Opportunity WHERE IsDeleted = true"));
      assertThat(bin.path("totalSize").asLong()).isEqualTo(deletedFromStart);
      assertThat(bin.path("records").path(0).path("IsDeleted").asBoolean()).isTrue();
      assertThat(json(c.query("SELECT Id FROM Opportunity WHERE IsDeleted = true")).path("totalSize").asLong()).isZero();

      // soft delete now: leaves query, shows in queryAll with a fresh SystemModstamp
      List<String> ids = json(c.query("SELECT Id FROM Opportunity ORDER BY Id LIMIT 3")).path("records")
          .valueStream().map(r -> r.path("Id").asString()).toList();
      Instant before = Instant.now().minusSeconds(1);
      sf.delete(ids.get(0));
      assertThat(json(c.query("SELECT Id FROM Opportunity")).path("totalSize").asLong()).isEqualTo(live - 1);
      JsonNode gone = json(c.queryAll("SELECT Id, IsDeleted, SystemModstamp FROM Opportunity WHERE Id = '"
          + ids.get(0) + "'"));
      assertThat(gone.path("records").path(0).path("IsDeleted").asBoolean()).isTrue();
      assertThat(parse(gone.path("records").path(0).path("SystemModstamp").asString())).isAfter(before);

      // hard delete: gone from both, with its line items and history
      sf.hardDelete(ids.get(1));
      assertThat(json(c.query("SELECT Id FROM Opportunity")).path("totalSize").asLong()).isEqualTo(live - 2);
      assertThat(json(c.queryAll("SELECT Id FROM Opportunity")).path("totalSize").asLong())
          .isEqualTo(live + deletedFromStart - 1);
      assertThat(json(c.queryAll("SELECT Id FROM OpportunityHistory WHERE OpportunityId = '" + ids.get(1) + "'"))
          .path("totalSize").asLong()).isZero();
      assertThat(new CrmSplitTruth(b).liveDeals(Crm.SALESFORCE)).isEqualTo(live - 2);

      // a change bumps SystemModstamp to now, so an incremental query picks it up
      sf.changeOpportunityAmount(ids.get(2), new BigDecimal("12345.67"));
      String since = Instant.now().minusSeconds(2).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
      JsonNode changed = json(c.query("SELECT Id, Amount FROM Opportunity WHERE SystemModstamp >= " + since));
      assertThat(changed.path("totalSize").asInt()).isEqualTo(1);
      assertThat(changed.path("records").path(0).path("Amount").decimalValue()).isEqualByComparingTo("12345.67");

      String added = sf.addOpportunity(SalesforceSimulator.idOf("Account", b.deal(
          SalesforceSimulator.businessIdOf(ids.get(2))).orElseThrow().companyId()), "New enterprise deal",
          new BigDecimal("90000"), "EUR", LocalDate.of(2027, 1, 31));
      JsonNode addedRow = json(c.query("SELECT Id, StageName, CurrencyIsoCode FROM Opportunity WHERE Id = '" + added + "'"));
      assertThat(addedRow.path("records").path(0).path("StageName").asString()).isEqualTo("Discovery");
      assertThat(addedRow.path("records").path(0).path("CurrencyIsoCode").asString()).isEqualTo("EUR");

      // faults: the same plans as HubSpot; an injected "rate limit" is Salesforce's 403
      sf.faults(FaultPlan.none().withServerErrorEvery(2, 503));
      assertThat(c.query("SELECT Id FROM User").statusCode()).isEqualTo(200);
      HttpResponse<String> failed = c.query("SELECT Id FROM User");
      assertThat(failed.statusCode()).isEqualTo(503);
      assertThat(json(failed).path(0).path("errorCode").asString()).isEqualTo("SERVER_UNAVAILABLE");
      sf.faults(FaultPlan.none().withRateLimitBursts(1, 1, null));
      assertThat(json(c.query("SELECT Id FROM User")).path(0).path("errorCode").asString())
          .isEqualTo("REQUEST_LIMIT_EXCEEDED");
      sf.faults(FaultPlan.none());
      sf.resetRequestLog();
      c.query("SELECT Id FROM User");
      assertThat(sf.requests("GET", "/services/data/v62.0/query")).isEqualTo(1);
      assertThat(sf.requests()).isEqualTo(1);
    }
  }

  @Test
  void splitModeServesEachCrmItsShareAndSharedCustomersCountOnce() throws Exception {
    try (Sandbox s = Sandbox.start(SandboxOptions.defaults().withSalesforce(true))) {
      Business b = s.business();
      CrmSplitTruth truth = new CrmSplitTruth(b);
      // every deal is in exactly one CRM; enterprise-pipeline deals are all in Salesforce
      long hs = truth.liveDeals(Crm.HUBSPOT);
      long sfDeals = truth.liveDeals(Crm.SALESFORCE);
      assertThat(hs + sfDeals).isEqualTo(new GroundTruth(b).liveDeals());
      assertThat(sfDeals).isBetween(60L, 160L);
      assertThat(b.deals()).filteredOn(d -> d.pipelineId().equals(BusinessGenerator.ENTERPRISE_PIPELINE))
          .allMatch(d -> b.holder(d) == Crm.SALESFORCE);

      // HubSpot serves only its share
      assertThat(countHubSpot(s, "deals")).isEqualTo(hs);
      assertThat(countHubSpot(s, "companies")).isEqualTo(truth.liveCompanies(Crm.HUBSPOT));
      assertThat(countHubSpot(s, "contacts")).isEqualTo(truth.liveContacts(Crm.HUBSPOT));

      // Salesforce serves the rest, with the same domains and e-mails (modulo case) for shared records
      SalesforceSimulator sf = s.salesforce();
      SfTestClient c = new SfTestClient(sf.instanceUrl()).login(sf);
      assertThat(json(c.query("SELECT Id FROM Opportunity")).path("totalSize").asLong()).isEqualTo(sfDeals);
      JsonNode accounts = json(c.query("SELECT Id, Website FROM Account"));
      assertThat(accounts.path("totalSize").asLong()).isEqualTo(truth.liveCompanies(Crm.SALESFORCE));
      Set<String> sfDomains = new TreeSet<>();
      accounts.path("records").forEach(r -> sfDomains.add(CrmSplitTruth.normalizeDomain(r.path("Website").asString())));
      Set<String> hsDomains = new TreeSet<>();
      b.companies().stream().filter(x -> !x.archived() && b.holds(Crm.HUBSPOT, x))
          .forEach(x -> hsDomains.add(CrmSplitTruth.normalizeDomain(x.domain())));
      Set<String> both = new TreeSet<>(sfDomains);
      both.retainAll(hsDomains);
      assertThat(both).hasSize((int) truth.companiesInBothCrms()).isNotEmpty();
      assertThat(sfDomains.size() + hsDomains.size() - both.size()).isEqualTo(truth.distinctCompanies());
      assertThat(truth.distinctCompanies()).isEqualTo(b.companies().stream().filter(x -> !x.archived())
          .map(x -> CrmSplitTruth.normalizeDomain(x.domain())).distinct().count());
      assertThat(truth.distinctCustomers()).isEqualTo(truth.customerDomains(Crm.HUBSPOT).size()
          + truth.customerDomains(Crm.SALESFORCE).size() - truth.customersInBothCrms());
      assertThat(truth.customersInBothCrms()).isPositive();

      // shared contacts: same address lower-cased, different casing in Salesforce
      JsonNode contacts = json(c.query("SELECT Email FROM Contact"));
      Set<String> sfEmails = new HashSet<>();
      contacts.path("records").forEach(r -> sfEmails.add(r.path("Email").asString()));
      Contact shared = b.contacts().stream().filter(x -> !x.archived() && b.holds(Crm.HUBSPOT, x)
          && b.holds(Crm.SALESFORCE, x) && sfEmails.stream().anyMatch(e -> e.equalsIgnoreCase(x.email())))
          .findFirst().orElseThrow();
      assertThat(sfEmails).doesNotContain(shared.email()).contains(SfData.salesforceEmail(shared.email()));

      // won amounts: the two CRMs add up to the combined oracle, which equals the unsplit one
      FxRates fx = io.crmw.sandbox.SandboxReference.fxRates();
      var hsWon = truth.wonAmountPerMonth(Crm.HUBSPOT, "USD", fx);
      var sfWon = truth.wonAmountPerMonth(Crm.SALESFORCE, "USD", fx);
      var combined = truth.wonAmountPerMonthCombined("USD", fx);
      assertThat(combined).isEqualTo(new GroundTruth(b).wonAmountPerMonth("USD", fx));
      combined.forEach((m, v) -> assertThat(hsWon.getOrDefault(m, BigDecimal.ZERO)
          .add(sfWon.getOrDefault(m, BigDecimal.ZERO))).as(m.toString()).isEqualByComparingTo(v));
      assertThat(sfWon).isNotEmpty();
    }
  }

  @Test
  void defaultModeIsUnchanged() throws Exception {
    Business plain = BusinessGenerator.generate(42, 1);
    Business split = BusinessGenerator.generate(42, 1, true);
    assertThat(plain.isSplit()).isFalse();
    assertThat(split.isSplit()).isTrue();
    // the split assigns CRMs without touching a record
    assertThat(List.copyOf(split.deals())).isEqualTo(List.copyOf(plain.deals()));
    assertThat(List.copyOf(split.contacts())).isEqualTo(List.copyOf(plain.contacts()));
    assertThat(plain.deals()).allMatch(d -> plain.holder(d) == Crm.HUBSPOT);
    assertThat(plain.byId("deals", Crm.SALESFORCE)).isEmpty();
    try (Sandbox s = Sandbox.start(SandboxOptions.defaults())) {
      assertThat(countHubSpot(s, "deals")).isEqualTo(s.groundTruth().liveDeals());
      assertThatThrownBy(s::salesforce).isInstanceOf(IllegalStateException.class);
    }
  }

  private static long countHubSpot(Sandbox s, String type) throws Exception {
    long n = 0;
    String after = "";
    do {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(s.hubspot().baseUrl() + "/crm/v3/objects/"
          + type + "?limit=100" + after)).header("Authorization", "Bearer " + s.hubspot().token()).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      JsonNode page = json(r);
      n += page.path("results").size();
      String next = page.path("paging").path("next").path("after").asString("");
      after = next.isEmpty() ? null : "&after=" + next;
    } while (after != null);
    return n;
  }

  private static Instant parse(String sfTime) {
    return java.time.OffsetDateTime.parse(sfTime.replaceAll("(\\+|-)(\\d\\d)(\\d\\d)$", "$1$2:$3")).toInstant();
  }
}
