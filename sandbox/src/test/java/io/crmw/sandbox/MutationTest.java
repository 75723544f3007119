package io.crmw.sandbox;

import static io.crmw.sandbox.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.Contact;
import io.crmw.sandbox.business.Deal;
import io.crmw.sandbox.business.NewContact;
import io.crmw.sandbox.business.NewDeal;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class MutationTest {

  private static final io.crmw.sandbox.business.FxRates FX = SandboxReference.fxRates();

  private static String modifiedSince(String property, Instant since) {
    return "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"" + property + "\",\"operator\":\"GTE\",\"value\":\""
        + since.toEpochMilli() + "\"}]}],\"properties\":[\"amount\",\"dealstage\",\"closedate\",\"email\","
        + "\"lifecyclestage\"],\"limit\":100}";
  }

  @Test
  void changedAndAddedDealsShowUpInIncrementalSearchAndInTheOracle() throws Exception {
    try (Sandbox s = Sandbox.start(SandboxOptions.defaults().withoutRateLimits())) {
      TestHttp http = new TestHttp(s);
      Business b = s.business();
      Deal open = b.deals().stream().filter(d -> !d.archived() && !b.stageOf(d).closed() && d.amount() != null)
          .findFirst().orElseThrow();
      YearMonth month = YearMonth.of(2026, 10);
      var before = s.groundTruth().wonAmountPerMonth("USD", FX).getOrDefault(month, BigDecimal.ZERO);

      Deal changed = b.changeDealAmount(open.id(), new BigDecimal("12345"));
      assertThat(changed.updatedAt()).isAfter(Business.AS_OF);
      b.closeDealWon(open.id(), LocalDate.of(2026, 10, 15));
      Deal added = b.addDeal(new NewDeal("New one", new BigDecimal("999"), "USD", "default", "qualifiedtobuy",
          LocalDate.of(2026, 12, 1), open.ownerId(), open.companyId(), List.of(), "REFERRALS"));

      JsonNode r = json(http.post("/crm/v3/objects/deals/search", modifiedSince("hs_lastmodifieddate", Business.AS_OF)));
      assertThat(r.path("total").asInt()).isEqualTo(2);
      assertThat(r.at("/results/0/id").asString()).isEqualTo(open.id());
      assertThat(r.at("/results/0/properties/amount").asString()).isEqualTo("12345");
      assertThat(r.at("/results/0/properties/dealstage").asString()).isEqualTo("closedwon");
      assertThat(r.at("/results/0/properties/closedate").asString()).isEqualTo("2026-10-15T00:00:00Z");
      assertThat(r.at("/results/1/id").asString()).isEqualTo(added.id());

      JsonNode assoc = json(http.get("/crm/v3/objects/deals/" + added.id() + "?associations=companies"));
      assertThat(assoc.at("/associations/companies/results/0/id").asString()).isEqualTo(open.companyId());

      var after = s.groundTruth().wonAmountPerMonth("USD", FX).get(month);
      String ccy = open.currency();
      BigDecimal expectedDelta = new BigDecimal("12345").multiply(
          FX.rate(ccy, "USD", LocalDate.of(2026, 10, 15)))
          .setScale(2, java.math.RoundingMode.HALF_UP);
      assertThat(after.subtract(before)).isEqualByComparingTo(expectedDelta);
    }
  }

  @Test
  void archivingHidesTheRecordWithoutBumpingLastModified() throws Exception {
    try (Sandbox s = Sandbox.start(SandboxOptions.defaults().withoutRateLimits())) {
      TestHttp http = new TestHttp(s);
      Business b = s.business();
      Deal deal = b.deals().stream().filter(d -> !d.archived()).findFirst().orElseThrow();
      long liveBefore = s.groundTruth().liveDeals();
      Deal archived = b.archiveDeal(deal.id());
      assertThat(archived.updatedAt()).isEqualTo(deal.updatedAt());
      assertThat(s.groundTruth().liveDeals()).isEqualTo(liveBefore - 1);

      assertThat(http.get("/crm/v3/objects/deals/" + deal.id()).statusCode()).isEqualTo(404);
      JsonNode one = json(http.get("/crm/v3/objects/deals/" + deal.id() + "?archived=true"));
      assertThat(one.path("archived").asBoolean()).isTrue();
      assertThat(one.path("archivedAt").asString()).isNotBlank();
      JsonNode incremental = json(http.post("/crm/v3/objects/deals/search",
          modifiedSince("hs_lastmodifieddate", Business.AS_OF)));
      assertThat(incremental.path("total").asInt()).isZero();

      Contact c = b.contacts().stream().filter(x -> !x.archived()).findFirst().orElseThrow();
      b.archiveContact(c.id());
      String companyId = b.companies().stream().filter(x -> !x.archived()).findFirst().orElseThrow().id();
      b.archiveCompany(companyId);
      assertThat(s.groundTruth().archivedCount("contacts")).isEqualTo(
          b.contacts().stream().filter(Contact::archived).count());
      JsonNode companies = json(http.get("/crm/v3/objects/companies?limit=100&archived=true"));
      List<String> ids = new java.util.ArrayList<>();
      companies.path("results").forEach(x -> ids.add(x.path("id").asString()));
      assertThat(ids).contains(companyId);
    }
  }

  @Test
  void contactChangesBumpLastmodifieddate() throws Exception {
    try (Sandbox s = Sandbox.start(SandboxOptions.defaults().withoutRateLimits())) {
      TestHttp http = new TestHttp(s);
      Business b = s.business();
      Contact c = b.contacts().stream().filter(x -> !x.archived()).findFirst().orElseThrow();
      b.changeContactEmail(c.id(), "changed@example.org");
      b.changeContactLifecycleStage(c.id(), "customer");
      Contact added = b.addContact(new NewContact("new@example.org", "New", "Person", "lead", null, null, "OFFLINE"));
      JsonNode r = json(http.post("/crm/v3/objects/contacts/search", modifiedSince("lastmodifieddate", Business.AS_OF)));
      assertThat(r.path("total").asInt()).isEqualTo(2);
      assertThat(r.at("/results/0/properties/email").asString()).isEqualTo("changed@example.org");
      assertThat(r.at("/results/0/properties/lifecyclestage").asString()).isEqualTo("customer");
      assertThat(r.at("/results/1/id").asString()).isEqualTo(added.id());
      assertThat(s.groundTruth().liveContacts()).isEqualTo(
          b.contacts().stream().filter(x -> !x.archived()).count());
    }
  }
}
