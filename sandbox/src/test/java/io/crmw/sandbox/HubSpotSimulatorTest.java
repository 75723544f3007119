package io.crmw.sandbox;

import static io.crmw.sandbox.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.sandbox.business.Deal;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class HubSpotSimulatorTest {

  private static Sandbox sandbox;
  private static TestHttp http;

  @BeforeAll
  static void start() {
    sandbox = Sandbox.start(SandboxOptions.defaults().withoutRateLimits());
    http = new TestHttp(sandbox);
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private List<JsonNode> pageThrough(String type, String extraQuery) throws Exception {
    return pageThrough(http, type, extraQuery);
  }

  private static List<JsonNode> pageThrough(TestHttp http, String type, String extraQuery) throws Exception {
    List<JsonNode> all = new ArrayList<>();
    String after = null;
    do {
      JsonNode page = json(http.get("/crm/v3/objects/" + type + "?limit=100" + extraQuery
          + (after == null ? "" : "&after=" + after)));
      page.path("results").forEach(all::add);
      after = page.path("paging").path("next").path("after").asString(null);
    } while (after != null);
    return all;
  }

  @Test
  void pagingReturnsEveryLiveRecordExactlyOnce() throws Exception {
    for (String type : List.of("deals", "contacts", "companies", "calls", "line_items", "goal_targets")) {
      List<JsonNode> records = pageThrough(type, "");
      Set<String> ids = new HashSet<>();
      records.forEach(r -> ids.add(r.path("id").asString()));
      assertThat(ids).as(type).hasSize(records.size());
      assertThat((long) records.size()).as(type).isEqualTo(sandbox.groundTruth().liveCount(type));
      assertThat(records).allMatch(r -> !r.path("archived").asBoolean());
    }
  }

  @Test
  void lastPageHasNoPagingAndNextCarriesAfterAndLink() throws Exception {
    JsonNode first = json(http.get("/crm/v3/objects/deals?limit=2"));
    assertThat(first.path("results")).hasSize(2);
    assertThat(first.at("/paging/next/after").asString()).isNotBlank();
    assertThat(first.at("/paging/next/link").asString()).startsWith(sandbox.hubspot().baseUrl());
    JsonNode tail = json(http.get("/crm/v3/objects/products?limit=100"));
    assertThat(tail.has("paging")).isFalse();
  }

  @Test
  void rejectsMissingOrWrongTokenWithHubSpotsErrorBody() throws Exception {
    HttpResponse<String> none = new TestHttp(sandbox.hubspot().baseUrl(), null).get("/crm/v3/objects/deals");
    HttpResponse<String> wrong = new TestHttp(sandbox.hubspot().baseUrl(), "nope").get("/crm/v3/objects/deals");
    for (HttpResponse<String> r : List.of(none, wrong)) {
      assertThat(r.statusCode()).isEqualTo(401);
      JsonNode body = json(r);
      assertThat(body.path("status").asString()).isEqualTo("error");
      assertThat(body.path("category").asString()).isEqualTo("INVALID_AUTHENTICATION");
      assertThat(body.path("correlationId").asString()).isNotBlank();
    }
  }

  @Test
  void archivedRecordsAppearOnlyWithArchivedTrue() throws Exception {
    List<JsonNode> archived = pageThrough("deals", "&archived=true");
    Set<String> expected = new HashSet<>();
    sandbox.business().deals().stream().filter(Deal::archived).forEach(d -> expected.add(d.id()));
    Set<String> got = new HashSet<>();
    archived.forEach(r -> got.add(r.path("id").asString()));
    assertThat(got).isNotEmpty().isEqualTo(expected);
    assertThat(archived).allMatch(r -> r.path("archived").asBoolean() && r.hasNonNull("archivedAt"));
    Set<String> live = new HashSet<>();
    pageThrough("deals", "").forEach(r -> live.add(r.path("id").asString()));
    assertThat(live).doesNotContainAnyElementsOf(expected);
  }

  @Test
  void propertiesAreStringsOrNullAndDatesAreMidnightUtc() throws Exception {
    JsonNode page = json(http.get("/crm/v3/objects/deals?limit=100&properties=amount,closedate,dealstage,"
        + "hs_is_closed_won,closed_lost_reason,deal_region,hs_date_entered_appointmentscheduled,hs_lastmodifieddate,nosuchprop"
        + "&associations=companies,contacts"));
    for (JsonNode r : page.path("results")) {
      r.path("properties").properties().forEach(e -> assertThat(e.getValue().isString() || e.getValue().isNull()).isTrue());
      assertThat(r.path("properties").has("nosuchprop")).isFalse();
      assertThat(r.path("properties").has("closed_lost_reason")).isTrue();
      String close = r.at("/properties/closedate").asString(null);
      if (close != null) {
        assertThat(close).endsWith("T00:00:00Z");
      }
      assertThat(r.at("/associations/companies/results/0/type").asString()).isEqualTo("deal_to_company");
    }
    Set<Integer> precisions = new HashSet<>();
    page.path("results").forEach(r -> {
      String ts = r.at("/properties/hs_lastmodifieddate").asString();
      precisions.add(ts.contains(".") ? ts.length() - ts.indexOf('.') - 2 : 0);
    });
    assertThat(precisions).contains(0, 3).hasSizeGreaterThanOrEqualTo(3);
    JsonNode contacts = json(http.get("/crm/v3/objects/contacts?limit=1"));
    assertThat(contacts.at("/results/0/properties").has("lastmodifieddate")).isTrue();
    assertThat(contacts.at("/results/0/properties").has("email")).isTrue();
  }

  @Test
  void searchFiltersSortsAndExcludesArchived() throws Exception {
    long cutoff = java.time.Instant.parse("2026-06-01T00:00:00Z").toEpochMilli();
    String body = "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"hs_lastmodifieddate\",\"operator\":\"GTE\","
        + "\"value\":\"" + cutoff + "\"}]}],\"sorts\":[{\"propertyName\":\"hs_lastmodifieddate\",\"direction\":\"ASCENDING\"}],"
        + "\"properties\":[\"hs_lastmodifieddate\",\"amount\"],\"limit\":200}";
    JsonNode r = json(http.post("/crm/v3/objects/deals/search", body));
    long expected = sandbox.business().deals().stream()
        .filter(d -> !d.archived() && d.updatedAt().toEpochMilli() >= cutoff).count();
    assertThat(r.path("total").asLong()).isEqualTo(expected);
    List<java.time.Instant> stamps = new ArrayList<>();
    r.path("results").forEach(x -> stamps.add(java.time.Instant.parse(x.at("/properties/hs_lastmodifieddate").asString())));
    assertThat(stamps).isSorted().allMatch(t -> t.toEpochMilli() >= cutoff);
    assertThat(r.path("results").get(0).has("associations")).isFalse();

    String archivedId = sandbox.business().deals().stream().filter(Deal::archived).findFirst().orElseThrow().id();
    JsonNode byId = json(http.post("/crm/v3/objects/deals/search", "{\"filterGroups\":[{\"filters\":[{\"propertyName\":"
        + "\"hs_object_id\",\"operator\":\"EQ\",\"value\":\"" + archivedId + "\"}]}]}"));
    assertThat(byId.path("total").asInt()).isZero();

    JsonNode or = json(http.post("/crm/v3/objects/deals/search", "{\"filterGroups\":["
        + "{\"filters\":[{\"propertyName\":\"dealstage\",\"operator\":\"EQ\",\"value\":\"closedwon\"}]},"
        + "{\"filters\":[{\"propertyName\":\"dealstage\",\"operator\":\"IN\",\"values\":[\"1467817\"]}]}],"
        + "\"sorts\":[{\"propertyName\":\"amount\",\"direction\":\"DESCENDING\"}],\"properties\":[\"amount\"],\"limit\":5}"));
    long won = sandbox.business().deals().stream().filter(d -> !d.archived() && sandbox.business().stageOf(d).won()).count();
    assertThat(or.path("total").asLong()).isEqualTo(won);
    assertThat(or.at("/paging/next/after").asString()).isEqualTo("5");
    assertThat(or.at("/results/0/properties/amount").asDouble()).isGreaterThanOrEqualTo(or.at("/results/4/properties/amount").asDouble());
  }

  @Test
  void v4AssociationBatchReadUsesToObjectIdAndAssociationTypes() throws Exception {
    Deal deal = sandbox.business().deals().stream().filter(d -> !d.archived() && !d.contactIds().isEmpty())
        .findFirst().orElseThrow();
    HttpResponse<String> resp = http.post("/crm/v4/associations/deals/contacts/batch/read",
        "{\"inputs\":[{\"id\":\"" + deal.id() + "\"}]}");
    assertThat(resp.statusCode()).isEqualTo(200);
    JsonNode r = json(resp);
    assertThat(r.at("/results/0/from/id").asString()).isEqualTo(deal.id());
    List<String> to = new ArrayList<>();
    r.at("/results/0/to").forEach(t -> to.add(t.path("toObjectId").asString()));
    assertThat(to).containsExactlyInAnyOrderElementsOf(deal.contactIds());
    assertThat(r.at("/results/0/to/0/associationTypes/0/typeId").asInt()).isEqualTo(3);
    assertThat(r.at("/results/0/to/0/associationTypes/0/category").asString()).isEqualTo("HUBSPOT_DEFINED");
  }

  @Test
  void metadataEndpointsDescribePipelinesOwnersPropertiesAndEmails() throws Exception {
    JsonNode pipelines = json(http.get("/crm/v3/pipelines/deals"));
    assertThat(pipelines.path("results")).hasSize(2);
    JsonNode stages = pipelines.at("/results/0/stages");
    assertThat(stages.get(0).path("id").asString()).isEqualTo("appointmentscheduled");
    assertThat(stages.get(0).at("/metadata/probability").asString()).isEqualTo("0.2");
    assertThat(stages.get(5).at("/metadata/isClosed").asString()).isEqualTo("true");
    assertThat(json(http.get("/crm/v3/pipelines/tickets")).at("/results/0/stages/3/metadata/ticketState").asString())
        .isEqualTo("CLOSED");

    JsonNode owners = json(http.get("/crm/v3/owners?limit=100"));
    assertThat(owners.path("results").size()).isEqualTo(sandbox.business().owners().size() - 1);
    assertThat(owners.at("/results/0/teams/0/primary").asBoolean()).isTrue();
    assertThat(json(http.get("/crm/v3/owners?archived=true")).path("results")).hasSize(1);

    Set<String> dealProps = new HashSet<>();
    json(http.get("/crm/v3/properties/deals")).path("results").forEach(p -> dealProps.add(p.path("name").asString()));
    assertThat(dealProps).contains("deal_region", "hs_date_entered_closedwon", "hs_date_exited_1467813",
        "deal_currency_code", "hs_object_id");
    Set<String> ticketProps = new HashSet<>();
    json(http.get("/crm/v3/properties/tickets")).path("results").forEach(p -> ticketProps.add(p.path("name").asString()));
    assertThat(ticketProps).contains("product_sku", "hs_pipeline_stage");

    JsonNode emails = json(http.get("/marketing/v3/emails?includeStats=true&limit=5"));
    JsonNode counters = emails.at("/results/0/stats/counters");
    assertThat(counters.path("sent").asLong()).isGreaterThanOrEqualTo(counters.path("delivered").asLong());
    assertThat(emails.at("/paging/next/after").asString()).isNotBlank();
  }

  @Test
  void hardDeleteRemovesTheRecordFromEveryListingSearchAndAssociationWhileAnArchiveStaysListed() throws Exception {
    Sandbox own = Sandbox.start(SandboxOptions.defaults().withoutRateLimits());
    try (own) {
      TestHttp h = new TestHttp(own);
      var business = own.business();
      Deal deal = business.deals().stream().filter(d -> !d.archived() && d.contactIds().size() >= 2).findFirst()
          .orElseThrow();
      String purged = deal.contactIds().get(0);
      String archived = deal.contactIds().get(1);
      long liveBefore = own.groundTruth().liveContacts();
      String byIdSearch = "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"hs_object_id\",\"operator\":\"EQ\","
          + "\"value\":\"" + purged + "\"}]}]}";
      assertThat(json(h.post("/crm/v3/objects/contacts/search", "{\"limit\":1}")).path("total").asLong())
          .isEqualTo(liveBefore);
      assertThat(json(h.post("/crm/v3/objects/contacts/search", byIdSearch)).path("total").asLong()).isEqualTo(1);

      own.hubspot().hardDelete("contacts", purged);
      business.archiveContact(archived);

      Set<String> live = new HashSet<>();
      pageThrough(h, "contacts", "&properties=hs_object_id").forEach(r -> live.add(r.path("id").asString()));
      Set<String> archivedListing = new HashSet<>();
      pageThrough(h, "contacts", "&archived=true").forEach(r -> archivedListing.add(r.path("id").asString()));
      assertThat(live).hasSize((int) liveBefore - 2).doesNotContain(purged, archived);
      assertThat(archivedListing).contains(archived).doesNotContain(purged);
      assertThat(own.groundTruth().liveContacts()).isEqualTo(liveBefore - 2);
      assertThat(json(h.post("/crm/v3/objects/contacts/search", "{\"limit\":1}")).path("total").asLong())
          .isEqualTo(liveBefore - 2);
      assertThat(json(h.post("/crm/v3/objects/contacts/search", byIdSearch)).path("total").asLong()).isZero();
      assertThat(h.get("/crm/v3/objects/contacts/" + purged).statusCode()).isEqualTo(404);
      assertThat(h.get("/crm/v3/objects/contacts/" + purged + "?archived=true").statusCode()).isEqualTo(404);
      assertThat(h.get("/crm/v3/objects/contacts/" + archived + "?archived=true").statusCode()).isEqualTo(200);
      HttpResponse<String> batch = h.post("/crm/v3/objects/contacts/batch/read",
          "{\"inputs\":[{\"id\":\"" + purged + "\"}],\"archived\":true}");
      assertThat(batch.statusCode()).isEqualTo(207);
      assertThat(json(batch).at("/errors/0/context/ids/0").asString()).isEqualTo(purged);
      List<String> dealContacts = new ArrayList<>();
      json(h.post("/crm/v4/associations/deals/contacts/batch/read", "{\"inputs\":[{\"id\":\"" + deal.id() + "\"}]}"))
          .at("/results/0/to").forEach(t -> dealContacts.add(t.path("toObjectId").asString()));
      assertThat(dealContacts).contains(archived).doesNotContain(purged);
      assertThat(json(h.post("/crm/v4/associations/contacts/deals/batch/read", "{\"inputs\":[{\"id\":\"" + purged
          + "\"}]}")).path("results")).isEmpty();
    }
  }

  @Test
  void requestLogCountsCallsPerMethodAndPath() throws Exception {
    Sandbox own = Sandbox.start(SandboxOptions.defaults());
    try (own) {
      TestHttp h = new TestHttp(own);
      h.get("/crm/v3/objects/deals?limit=1");
      h.get("/crm/v3/objects/deals?limit=1&after=5");
      h.post("/crm/v3/objects/deals/search", "{}");
      assertThat(own.hubspot().requests("GET", "/crm/v3/objects/deals")).isEqualTo(2);
      assertThat(own.hubspot().requests("POST", "/crm/v3/objects/deals/search")).isEqualTo(1);
      assertThat(own.hubspot().requests()).isEqualTo(3);
      own.hubspot().resetRequestLog();
      assertThat(own.hubspot().requests()).isZero();
    }
  }
}
