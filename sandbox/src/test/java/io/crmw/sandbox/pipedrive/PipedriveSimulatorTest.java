package io.crmw.sandbox.pipedrive;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.sandbox.Sandbox;
import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.business.ActivityType;
import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.Crm;
import io.crmw.sandbox.business.Deal;
import io.crmw.sandbox.business.LineItem;
import io.crmw.sandbox.business.truth.CrmSplitTruth;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The read API over an unchanged business (one sandbox for all tests; mutations live in their own class). */
class PipedriveSimulatorTest {

  private static Sandbox sandbox;
  private static PipedriveSimulator pd;
  private static PdHttp http;
  private static Business business;
  private static CrmSplitTruth truth;

  @BeforeAll
  static void start() {
    sandbox = Sandbox.start(SandboxOptions.defaults().withSize(2).withCrms(
        EnumSet.of(Crm.HUBSPOT, Crm.SALESFORCE, Crm.PIPEDRIVE))
        .withoutRateLimits());
    pd = sandbox.pipedrive();
    http = PdHttp.apiToken(pd);
    business = sandbox.business();
    truth = new CrmSplitTruth(business);
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private static List<Deal> pipedriveDeals() {
    return business.deals().stream().filter(d -> !d.archived() && business.holder(d) == Crm.PIPEDRIVE).toList();
  }

  @Test
  void cursorPagingCoversEveryDealExactlyOnceInEitherSortOrder() throws Exception {
    List<JsonNode> byId = http.all("/api/v2/deals", "limit=7");
    List<JsonNode> archived = http.all("/api/v2/deals/archived", "limit=7");
    List<JsonNode> byUpdate = http.all("/api/v2/deals", "limit=9&sort_by=update_time&sort_direction=desc");
    List<Long> ids = byId.stream().map(d -> d.path("id").asLong()).toList();
    assertThat(ids).doesNotHaveDuplicates().isSorted();
    assertThat(byUpdate.stream().map(d -> d.path("id").asLong()).collect(Collectors.toSet()))
        .isEqualTo(new HashSet<>(ids));
    List<String> times = byUpdate.stream().map(d -> d.path("update_time").asString()).toList();
    assertThat(times).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    assertThat(archived).isNotEmpty().allMatch(d -> d.path("is_archived").asBoolean())
        .noneMatch(d -> ids.contains(d.path("id").asLong()));
    assertThat(ids.size() + archived.size()).isEqualTo(truth.liveDeals(Crm.PIPEDRIVE));
    Set<Long> expected = pipedriveDeals().stream().map(d -> PipedriveSimulator.dealId(d.id()))
        .collect(Collectors.toSet());
    Set<Long> served = new HashSet<>(ids);
    archived.forEach(d -> served.add(d.path("id").asLong()));
    assertThat(served).isEqualTo(expected);
    assertThat(ids).allMatch(id -> id > 0 && id < Integer.MAX_VALUE);
  }

  @Test
  void dealsHaveTheV2ShapeWithCustomFields() throws Exception {
    Deal won = pipedriveDeals().stream().filter(d -> business.stageOf(d).won() && !pd.isArchived(d)).findFirst()
        .orElseThrow();
    JsonNode d = http.json("/api/v2/deals?ids=" + PipedriveSimulator.dealId(won.id())).path("data").path(0);
    assertThat(d.path("title").asString()).isEqualTo(won.name());
    assertThat(d.path("value").isNumber()).isTrue();
    assertThat(d.path("value").decimalValue()).isEqualByComparingTo(won.amount());
    assertThat(d.path("currency").asString()).isEqualTo(won.currency());
    assertThat(d.path("status").asString()).isEqualTo("won");
    assertThat(d.path("local_won_date").asString()).isEqualTo(won.closeDate().toString());
    assertThat(d.path("update_time").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(d.path("org_id").asLong()).isEqualTo(PipedriveSimulator.organizationId(won.companyId()));
    assertThat(d.path("pipeline_id").asLong()).isEqualTo(1);
    JsonNode custom = d.path("custom_fields");
    assertThat(custom.propertyNames()).hasSize(3).allMatch(k -> k.matches("[0-9a-f]{40}"));
    JsonNode money = custom.valueStream().filter(JsonNode::isObject).findFirst().orElseThrow();
    assertThat(money.path("currency").asString()).isEqualTo(won.currency());
    assertThat(money.path("value").decimalValue()).isEqualByComparingTo(won.amount().multiply(new BigDecimal("0.1")));
    JsonNode fields = http.json("/api/v2/dealFields?limit=100").path("data");
    JsonNode region = fields.valueStream().filter(f -> f.path("field_name").asString().equals("Region")).findFirst()
        .orElseThrow();
    assertThat(region.path("is_custom_field").asBoolean()).isTrue();
    assertThat(region.path("field_type").asString()).isEqualTo("enum");
    long optionId = custom.path(region.path("field_code").asString()).asLong();
    assertThat(region.path("options").valueStream().filter(o -> o.path("id").asLong() == optionId)
        .map(o -> o.path("label").asString()).findFirst()).contains(won.region());
  }

  @Test
  void updatedSinceAndUntilFilterOnUpdateTime() throws Exception {
    List<Instant> times = pipedriveDeals().stream().filter(d -> !pd.isArchived(d))
        .map(d -> d.updatedAt().truncatedTo(ChronoUnit.SECONDS)).sorted().toList();
    Instant since = times.get(times.size() / 2);
    Instant until = times.get(times.size() * 3 / 4);
    List<JsonNode> after = http.all("/api/v2/deals", "limit=500&sort_by=update_time&updated_since=" + since);
    assertThat(after).hasSize((int) times.stream().filter(t -> !t.isBefore(since)).count());
    assertThat(after).allMatch(d -> !Instant.parse(d.path("update_time").asString()).isBefore(since));
    List<JsonNode> window = http.all("/api/v2/deals", "limit=3&updated_since=" + since + "&updated_until=" + until);
    assertThat(window).hasSize((int) times.stream().filter(t -> !t.isBefore(since) && t.isBefore(until)).count());
    assertThat(http.get("/api/v2/deals?updated_since=yesterday").statusCode()).isEqualTo(400);
  }

  @Test
  void limitAbove500IsRejectedAnd500IsAllowed() throws Exception {
    var r = http.get("/api/v2/deals?limit=501");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(PdHttp.json(r).path("success").asBoolean()).isFalse();
    assertThat(PdHttp.json(r).path("error").asString()).contains("500");
    assertThat(http.get("/api/v2/persons?limit=500").statusCode()).isEqualTo(200);
    assertThat(http.json("/api/v2/persons").path("data").size()).isEqualTo(100); // default limit
    assertThat(http.get("/api/v2/deals?cursor=not-ours").statusCode()).isEqualTo(400);
  }

  @Test
  void personsOrganizationsAndActivitiesAreThePipedriveShare() throws Exception {
    List<JsonNode> persons = http.all("/api/v2/persons", "limit=500");
    assertThat((long) persons.size()).isEqualTo(truth.liveContacts(Crm.PIPEDRIVE));
    assertThat(persons.get(0).path("emails").path(0).path("value").asString()).contains("@");
    List<JsonNode> orgs = http.all("/api/v2/organizations", "limit=500");
    assertThat((long) orgs.size()).isEqualTo(truth.liveCompanies(Crm.PIPEDRIVE));
    assertThat(orgs).allMatch(o -> !o.has("website"));
    List<JsonNode> withSite = http.all("/api/v2/organizations", "limit=500&include_fields=website");
    assertThat(withSite).allMatch(o -> o.path("website").asString().startsWith("https://www."));
    Set<String> domains = withSite.stream().map(o -> CrmSplitTruth.normalizeDomain(o.path("website").asString()))
        .collect(Collectors.toSet());
    assertThat(domains).containsAll(truth.customerDomains(Crm.PIPEDRIVE));

    List<JsonNode> activities = http.all("/api/v2/activities", "limit=500");
    long expected = 0;
    for (ActivityType t : List.of(ActivityType.CALL, ActivityType.EMAIL, ActivityType.MEETING, ActivityType.TASK)) {
      expected += truth.activities(Crm.PIPEDRIVE, t);
    }
    assertThat((long) activities.size()).isEqualTo(expected).isPositive();
    assertThat(activities.stream().map(a -> a.path("type").asString()).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("call", "email", "meeting", "task");
    JsonNode call = activities.stream().filter(a -> a.path("type").asString().equals("call")).findFirst().orElseThrow();
    assertThat(call.path("due_date").asString()).matches("\\d{4}-\\d\\d-\\d\\d");
    assertThat(call.path("due_time").asString()).matches("\\d\\d:\\d\\d");
    assertThat(call.path("duration").asString()).matches("\\d\\d:\\d\\d");
    assertThat(http.all("/api/v2/activities", "limit=500&type=meeting"))
        .hasSize((int) truth.activities(Crm.PIPEDRIVE, ActivityType.MEETING));
    long notes = http.json("/v1/notes?limit=500").path("data").size();
    assertThat(notes).isEqualTo(truth.activities(Crm.PIPEDRIVE, ActivityType.NOTE));
  }

  @Test
  void dealProductsSumToTheLineItemsOfTheAskedDeals() throws Exception {
    List<Deal> withLines = pipedriveDeals().stream().filter(d -> business.lineItems().stream()
        .anyMatch(l -> l.dealId().equals(d.id()))).limit(12).toList();
    String ids = withLines.stream().map(d -> Long.toString(PipedriveSimulator.dealId(d.id())))
        .collect(Collectors.joining(","));
    List<JsonNode> products = http.all("/api/v2/deals/products", "limit=5&deal_ids=" + ids);
    Set<String> asked = withLines.stream().map(Deal::id).collect(Collectors.toSet());
    List<LineItem> lines = business.lineItems().stream().filter(l -> asked.contains(l.dealId())).toList();
    assertThat(products).hasSize(lines.size());
    BigDecimal served = products.stream().map(p -> p.path("sum").decimalValue()).reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(served).isEqualByComparingTo(lines.stream().map(LineItem::amount).reduce(BigDecimal.ZERO, BigDecimal::add));
    assertThat(products).allMatch(p -> p.path("discount_type").asString().equals("percentage"));
    String tooMany = java.util.stream.LongStream.rangeClosed(1, 101).mapToObj(Long::toString)
        .collect(Collectors.joining(","));
    assertThat(http.get("/api/v2/deals/products?deal_ids=" + tooMany).statusCode()).isEqualTo(400);
  }

  @Test
  void changelogListsEveryStageChangeAndStagesCarryProbability() throws Exception {
    Deal moved = pipedriveDeals().stream().filter(d -> d.journey().size() >= 4 && business.stageOf(d).won())
        .findFirst().orElseThrow();
    List<JsonNode> entries = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page = http.json("/v1/deals/" + PipedriveSimulator.dealId(moved.id()) + "/changelog?limit=2"
          + (cursor == null ? "" : "&cursor=" + cursor));
      page.path("data").forEach(entries::add);
      cursor = page.path("additional_data").path("next_cursor").isNull() ? null
          : page.path("additional_data").path("next_cursor").asString();
    } while (cursor != null);
    List<JsonNode> stageMoves = entries.stream().filter(e -> e.path("field_key").asString().equals("stage_id")).toList();
    assertThat(stageMoves).hasSize(moved.journey().size() - 2); // the last move is won, a status change in Pipedrive
    assertThat(entries).filteredOn(e -> e.path("field_key").asString().equals("status"))
        .singleElement().satisfies(e -> assertThat(e.path("new_value").asString()).isEqualTo("won"));
    assertThat(stageMoves).allMatch(e -> e.path("new_value").isString() && e.path("time").asString()
        .matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"));
    JsonNode stages = http.json("/api/v2/stages?limit=100").path("data");
    assertThat(stages.size()).isEqualTo(9); // open stages only: won and lost are a deal status
    assertThat(stages.path(0).path("deal_probability").asInt()).isEqualTo(20);
    assertThat(http.json("/api/v2/pipelines").path("data").path(0).path("is_deal_probability_enabled").asBoolean())
        .isTrue();
    assertThat(http.get("/v1/deals/999999999/changelog").statusCode()).isEqualTo(404);
  }

  @Test
  void v1ListsUseOffsetPagingAndV1Times() throws Exception {
    JsonNode users = http.json("/v1/users");
    assertThat(users.path("data").size()).isEqualTo(business.owners().size());
    assertThat(users.path("data").path(0).path("created").asString()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
    assertThat(users.path("data").valueStream().filter(u -> !u.path("active_flag").asBoolean()).count()).isEqualTo(1);
    List<String> leadIds = new ArrayList<>();
    int start = 0;
    boolean more = true;
    while (more) {
      JsonNode page = http.json("/v1/leads?start=" + start + "&limit=3");
      page.path("data").forEach(l -> leadIds.add(l.path("id").asString()));
      JsonNode p = page.path("additional_data").path("pagination");
      more = p.path("more_items_in_collection").asBoolean();
      start = p.path("next_start").asInt();
    }
    assertThat(leadIds).isNotEmpty().doesNotHaveDuplicates()
        .allMatch(id -> id.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
    assertThat(http.json("/v1/leads/archived?limit=500").path("data").valueStream()
        .allMatch(l -> l.path("is_archived").asBoolean())).isTrue();
    assertThat(http.json("/v1/activityTypes").path("data").valueStream().map(t -> t.path("key_string").asString()))
        .contains("call", "meeting", "task", "email");
    assertThat(http.json("/v1/currencies").path("data").valueStream().map(c -> c.path("code").asString()))
        .contains("USD", "EUR", "GBP");
    assertThat(http.json("/api/v1/leadSources").path("data").size()).isPositive();
    assertThat(http.json("/v1/leadLabels").path("data").path(0).path("name").asString()).isEqualTo("Hot");
  }
}
