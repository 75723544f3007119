package io.crmw.sandbox.zoho;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.sandbox.Sandbox;
import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.business.Crm;
import io.crmw.sandbox.business.Deal;
import io.crmw.sandbox.business.truth.CrmSplitTruth;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Zoho's reads over its share of a four-CRM business, as a client following docs/zoho.md sees them. */
class ZohoSimulatorTest {

  private static Sandbox sandbox;
  private static ZohoSimulator zoho;
  private static ZohoHttp http;
  private static CrmSplitTruth truth;

  @BeforeAll
  static void start() throws Exception {
    sandbox = Sandbox.start(SandboxOptions.defaults().withSize(4).withCrms(EnumSet.range(Crm.HUBSPOT, Crm.ZOHO))
        .withoutRateLimits());
    zoho = sandbox.zoho();
    http = ZohoHttp.connect(zoho);
    truth = new CrmSplitTruth(sandbox.business());
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @Test
  void fieldsAreMandatoryAtMostFiftyAndOnlyTheRequestedOnesAreReturned() throws Exception {
    HttpResponse<String> none = http.get("Deals");
    assertThat(none.statusCode()).isEqualTo(400);
    assertThat(ZohoHttp.JSON.readTree(none.body()).path("code").asString()).isEqualTo("REQUIRED_PARAM_MISSING");

    List<String> fields = new ArrayList<>();
    http.json("settings/fields?module=Deals").path("fields").forEach(f -> fields.add(f.path("api_name").asString()));
    assertThat(fields.size()).isGreaterThan(50);
    assertThat(fields).contains("Stage", "Pipeline", "Amount", "Exchange_Rate", "Region__c", "Reason_For_Loss__s");
    HttpResponse<String> tooMany = http.get("Deals?fields=" + String.join(",", fields.subList(0, 51)));
    assertThat(tooMany.statusCode()).isEqualTo(400);
    assertThat(ZohoHttp.JSON.readTree(tooMany.body()).path("code").asString()).isEqualTo("LIMIT_EXCEEDED");

    List<JsonNode> few = http.all("Deals", "fields=Deal_Name,Stage");
    assertThat(few).hasSize((int) truth.liveDeals(Crm.ZOHO)).allSatisfy(d -> assertThat(d.propertyNames().stream()
        .filter(n -> !n.startsWith("$"))).containsExactlyInAnyOrder("id", "Deal_Name", "Stage"));
    // every field in two calls of at most 50, merged by id
    Map<String, Set<String>> merged = new HashMap<>();
    for (List<String> part : List.of(fields.subList(0, 45), fields.subList(45, fields.size()))) {
      http.all("Deals", "fields=" + String.join(",", part)).forEach(d -> merged
          .computeIfAbsent(d.path("id").asString(), k -> new HashSet<>()).addAll(d.propertyNames()));
    }
    assertThat(merged).hasSize(few.size()).allSatisfy((id, names) -> assertThat(names).containsAll(fields));
  }

  @Test
  void anEmptyListIs204AndNothingModifiedSinceIs304WithoutABody() throws Exception {
    HttpResponse<String> empty = http.get("Campaigns?fields=Campaign_Name&per_page=5&page=3");
    assertThat(empty.statusCode()).isEqualTo(204);
    assertThat(empty.body()).isEmpty();
    HttpResponse<String> unchanged = http.get("Deals?fields=Deal_Name", "If-Modified-Since",
        "2030-01-01T00:00:00+01:00");
    assertThat(unchanged.statusCode()).isEqualTo(304);
    assertThat(unchanged.body()).isEmpty();

    String since = "2026-10-01T00:00:00+02:00";
    long changedSince = sandbox.business().deals().stream().filter(d -> !d.archived()
        && sandbox.business().holder(d) == Crm.ZOHO && !d.updatedAt().isBefore(java.time.Instant.parse(
            "2026-09-30T22:00:00Z"))).count();
    assertThat(changedSince).isPositive();
    assertThat(http.all("Deals", "fields=Modified_Time&sort_by=Modified_Time&sort_order=asc")).hasSize(
        (int) truth.liveDeals(Crm.ZOHO));
    JsonNode page = http.json("Deals?fields=Modified_Time&sort_by=Modified_Time&sort_order=asc", "If-Modified-Since",
        since);
    assertThat(page.path("info").path("count").asInt()).isEqualTo((int) changedSince);
  }

  @Test
  void leadsContactsAccountsAndOrdersMatchTheOracle() throws Exception {
    List<JsonNode> open = http.all("Leads", "fields=Last_Name,Lead_Status");
    List<JsonNode> both = http.all("Leads", "fields=Last_Name&converted=both");
    List<JsonNode> converted = http.all("Leads", "fields=Last_Name&converted=true");
    assertThat(both).hasSize(open.size() + converted.size());
    assertThat(converted).isNotEmpty().allSatisfy(l -> {
      assertThat(l.path("$converted").asBoolean()).isTrue();
      assertThat(l.path("$converted_detail").path("deal").path("id").asString()).isNotEmpty();
    });
    assertThat(open).allSatisfy(l -> assertThat(l.path("$converted").asBoolean()).isFalse());
    List<JsonNode> contacts = http.all("Contacts", "fields=Email,Account_Name");
    assertThat(contacts.size() + open.size()).isEqualTo(truth.liveContacts(Crm.ZOHO));
    assertThat(http.all("Accounts", "fields=Account_Name")).hasSize((int) truth.liveCompanies(Crm.ZOHO));

    long quoted = http.all("Quotes", "fields=Quoted_Items,Deal_Name").stream()
        .mapToLong(q -> q.path("Quoted_Items").size()).sum();
    assertThat(quoted).isEqualTo(truth.lineItems(Crm.ZOHO));
    List<JsonNode> orders = http.all("Sales_Orders", "fields=Ordered_Items,Deal_Name,Grand_Total");
    Set<String> wonDeals = sandbox.business().deals().stream().filter(d -> !d.archived()
            && sandbox.business().holder(d) == Crm.ZOHO && sandbox.business().stageOf(d).won())
        .map(d -> ZohoSimulator.dealId(d.id())).collect(Collectors.toSet());
    assertThat(orders).isNotEmpty().allSatisfy(o -> {
      assertThat(wonDeals).contains(o.path("Deal_Name").path("id").asString());
      assertThat(o.path("Ordered_Items").size()).isPositive();
      assertThat(o.path("Ordered_Items").get(0).path("Product_Name").path("id").asString()).isNotEmpty();
    });
    assertThat(http.all("Invoices", "fields=Invoiced_Items")).hasSize(orders.size());
  }

  @Test
  void metadataNamesTheLayoutPipelineStagesWithProbabilitiesAndTheOrgTimeZone() throws Exception {
    assertThat(http.json("org").path("org").get(0).path("time_zone").asString()).isEqualTo("Europe/Berlin");
    assertThat(http.json("org/currencies").path("currencies")).hasSize(3);
    assertThat(http.json("settings/roles").path("roles").size()).isPositive();
    assertThat(http.json("users?type=AllUsers").path("users")).hasSize(sandbox.business().owners().size());
    String layout = http.json("settings/layouts?module=Deals").path("layouts").get(0).path("id").asString();
    JsonNode pipeline = http.json("settings/pipeline?layout_id=" + layout).path("pipeline").get(0);
    assertThat(pipeline.path("maps")).hasSize(7);
    assertThat(http.get("settings/pipeline").statusCode()).isEqualTo(400);
    JsonNode stage = StreamSupport.stream(http.json("settings/fields?module=Deals").path("fields").spliterator(), false)
        .filter(f -> f.path("api_name").asString().equals("Stage")).findFirst().orElseThrow();
    JsonNode won = StreamSupport.stream(stage.path("pick_list_values").spliterator(), false)
        .filter(v -> v.path("display_value").asString().equals("Closed Won")).findFirst().orElseThrow();
    assertThat(won.path("probability").asInt()).isEqualTo(100);
    assertThat(won.path("forecast_type").asString()).isEqualTo("Closed Won");
    assertThat(won.path("forecast_category").path("name").asString()).isEqualTo("Closed");
    for (String module : List.of("Leads", "Contacts", "Accounts", "Deals", "Calls", "Tasks", "Events", "Campaigns",
        "Products", "Sales_Orders", "Quotes", "Invoices")) {
      assertThat(http.json("settings/fields?module=" + module).path("fields").size()).as(module).isGreaterThan(10);
    }

    Deal deal = sandbox.business().deals().stream().filter(d -> !d.archived()
        && sandbox.business().holder(d) == Crm.ZOHO && d.journey().size() > 2).findFirst().orElseThrow();
    JsonNode history = http.json("Deals/" + ZohoSimulator.dealId(deal.id()) + "/Stage_History").path("data");
    assertThat(history).hasSize(deal.journey().size());
    assertThat(history.get(0).path("Stage").asString()).isEqualTo(sandbox.business().stageOf(deal).label());
  }
}
