package io.crmw.sandbox.zendesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.sandbox.Sandbox;
import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.Company;
import io.crmw.sandbox.business.Crm;
import io.crmw.sandbox.business.Product;
import io.crmw.sandbox.business.truth.CrmSplitTruth;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Zendesk Support's exports and lists over the help desk of a split business, read to the end, equal the oracle. */
class ZendeskSupportSimulatorTest {

  private static Sandbox sandbox;
  private static ZendeskHttp http;
  private static CrmSplitTruth truth;

  @BeforeAll
  static void start() {
    sandbox = Sandbox.start(SandboxOptions.defaults().withSize(2)
        .withCrms(EnumSet.of(Crm.HUBSPOT, Crm.SALESFORCE, Crm.ZENDESK_SUPPORT)).withoutRateLimits());
    http = ZendeskHttp.apiToken(sandbox.zendeskSupport());
    truth = new CrmSplitTruth(sandbox.business());
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  /** Every item of a cursor export from {@code start_time=0}, following after_cursor to end_of_stream. */
  static List<JsonNode> export(ZendeskHttp http, String resource, int perPage) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    JsonNode page = http.json("/api/v2/incremental/" + resource + "/cursor.json?start_time=0&per_page=" + perPage);
    page.path(resource).forEach(out::add);
    while (!page.path("end_of_stream").asBoolean()) {
      page = http.json("/api/v2/incremental/" + resource + "/cursor.json?cursor="
          + URLEncoder.encode(page.path("after_cursor").asString(), StandardCharsets.UTF_8));
      page.path(resource).forEach(out::add);
    }
    return out;
  }

  /** Every item of a cursor list, following links.next while meta.has_more. */
  static List<JsonNode> list(ZendeskHttp http, String path, String key) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    JsonNode page = http.json(path);
    page.path(key).forEach(out::add);
    while (page.path("meta").path("has_more").asBoolean()) {
      page = http.json(page.path("links").path("next").asString());
      page.path(key).forEach(out::add);
    }
    return out;
  }

  /** Every organization of the time-based export, de-duplicated on id (pages overlap). */
  static List<JsonNode> organizations(int perPage) throws Exception {
    Map<Long, JsonNode> out = new java.util.LinkedHashMap<>();
    JsonNode page = http.json("/api/v2/incremental/organizations.json?start_time=0&per_page=" + perPage);
    page.path("organizations").forEach(o -> out.put(o.path("id").asLong(), o));
    while (!page.path("end_of_stream").asBoolean()) {
      page = http.json(page.path("next_page").asString());
      page.path("organizations").forEach(o -> out.put(o.path("id").asLong(), o));
    }
    return new ArrayList<>(out.values());
  }

  @Test
  void cursorExportsOfTicketsAndUsersReadToTheEndEqualTheOracleCounts() throws Exception {
    List<JsonNode> tickets = export(http, "tickets", 37);
    assertThat(truth.supportTickets()).isEqualTo(200);
    assertThat(tickets).hasSize((int) truth.supportTickets());
    assertThat(tickets.stream().map(t -> t.path("id").asLong()).distinct()).hasSize(tickets.size());
    assertThat(truth.tickets(Crm.HUBSPOT) + truth.tickets(Crm.SALESFORCE)).isZero();
    List<JsonNode> users = export(http, "users", 50);
    assertThat(users).hasSize((int) truth.supportUsers());
    assertThat(users.stream().filter(u -> u.path("role").asString().equals("end-user")
        && u.path("active").asBoolean()).count())
        .isEqualTo(truth.liveContacts(Crm.ZENDESK_SUPPORT));
    Set<Long> userIds = users.stream().map(u -> u.path("id").asLong()).collect(Collectors.toSet());
    Set<Long> orgIds = organizations(1000).stream().map(o -> o.path("id").asLong()).collect(Collectors.toSet());
    assertThat(orgIds).hasSize((int) truth.supportOrganizations());
    tickets.forEach(t -> {
      assertThat(userIds).contains(t.path("requester_id").asLong(), t.path("assignee_id").asLong());
      assertThat(orgIds).contains(t.path("organization_id").asLong());
      assertThat(t.path("generated_timestamp").asLong())
          .isEqualTo(Instant.parse(t.path("updated_at").asString()).getEpochSecond());
    });
    users.stream().filter(u -> !u.path("organization_id").isNull())
        .forEach(u -> assertThat(orgIds).contains(u.path("organization_id").asLong()));
  }

  @Test
  void organizationsCarryTheCompanyDomainSoOtherCrmsMatchThem() throws Exception {
    Business b = sandbox.business();
    Map<Long, JsonNode> orgs = organizations(1000).stream().collect(Collectors.toMap(o -> o.path("id").asLong(),
        o -> o, (a, c) -> a));
    long inHubSpotToo = 0;
    for (Company c : b.companies()) {
      if (b.holds(Crm.ZENDESK_SUPPORT, c)) {
        JsonNode o = orgs.get(ZendeskSupportSimulator.organizationId(c.id()));
        assertThat(o.path("domain_names").get(0).asString()).isEqualTo(c.domain());
        assertThat(o.path("name").asString()).isEqualTo(c.name());
        inHubSpotToo += b.holds(Crm.HUBSPOT, c) ? 1 : 0;
      }
    }
    assertThat(inHubSpotToo).isPositive();
  }

  @Test
  void timeBasedExportPagesOverlapOnTheirLastSecondAndDeduplicateToTheOracle() throws Exception {
    List<JsonNode> pages = new ArrayList<>();
    JsonNode page = http.json("/api/v2/incremental/organizations.json?start_time=0&per_page=7");
    pages.add(page);
    while (!page.path("end_of_stream").asBoolean()) {
      page = http.json(page.path("next_page").asString());
      pages.add(page);
    }
    assertThat(pages.size()).isGreaterThan(3);
    for (int i = 0; i + 1 < pages.size(); i++) {
      JsonNode p = pages.get(i);
      JsonNode last = p.path("organizations").get(p.path("count").asInt() - 1);
      assertThat(Instant.parse(last.path("updated_at").asString()).getEpochSecond())
          .isEqualTo(p.path("end_time").asLong());
      assertThat(pages.get(i + 1).path("next_page").asString()).isNotBlank();
      List<Long> nextIds = new ArrayList<>();
      pages.get(i + 1).path("organizations").forEach(o -> nextIds.add(o.path("id").asLong()));
      assertThat(nextIds).as("page %d's last item repeats on the next page", i).contains(last.path("id").asLong());
    }
    Set<Long> distinct = new HashSet<>();
    int total = 0;
    for (JsonNode p : pages) {
      total += p.path("count").asInt();
      p.path("organizations").forEach(o -> distinct.add(o.path("id").asLong()));
    }
    assertThat(distinct).hasSize((int) truth.supportOrganizations());
    assertThat(total).isGreaterThan(distinct.size());
  }

  @Test
  void aStartTimeInsideTheLastMinuteIsRefusedWith422() throws Exception {
    long now = Instant.now().getEpochSecond();
    for (String path : List.of("/api/v2/incremental/tickets/cursor.json", "/api/v2/incremental/organizations.json")) {
      var r = http.get(path + "?start_time=" + (now - 10));
      assertThat(r.statusCode()).isEqualTo(422);
      assertThat(ZendeskHttp.JSON.readTree(r.body()).path("error").asString()).isEqualTo("StartTimeTooRecent");
    }
    assertThat(http.get("/api/v2/incremental/tickets/cursor.json?start_time=" + (now - 120)).statusCode())
        .isEqualTo(200);
    assertThat(http.get("/api/v2/incremental/tickets/cursor.json").statusCode()).isEqualTo(400);
  }

  @Test
  void wrongOrMissingCredentialsAre401CouldNotAuthenticateYou() throws Exception {
    for (String auth : new String[] {null, "Basic " + java.util.Base64.getEncoder().encodeToString(
        "sandbox.agent@example.com/token:wrong".getBytes(StandardCharsets.UTF_8)), "Bearer nope"}) {
      var r = http.withAuthorization(auth).get("/api/v2/groups");
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(ZendeskHttp.JSON.readTree(r.body()).path("error").asString()).isEqualTo("Couldn't authenticate you");
    }
  }

  @Test
  void ticketFieldsOfferTheProductsAndRequestTypesThatTicketsCarry() throws Exception {
    List<JsonNode> fields = list(http, "/api/v2/ticket_fields?page[size]=3", "ticket_fields");
    JsonNode product = fields.stream().filter(f -> f.path("title").asString().equals("Product")).findFirst()
        .orElseThrow();
    JsonNode type = fields.stream().filter(f -> f.path("title").asString().equals("Request type")).findFirst()
        .orElseThrow();
    assertThat(product.path("custom_field_options").size()).isEqualTo(sandbox.business().products().size());
    List<String> types = new ArrayList<>();
    type.path("custom_field_options").forEach(o -> types.add(o.path("value").asString()));
    assertThat(types).contains("complaint", "return", "exchange", "question");

    // complaints, returns and exchanges per product and month, from the tickets' custom fields = the oracle
    Map<String, String> skuByTag = sandbox.business().products().stream()
        .collect(Collectors.toMap(p -> SupportRecords.productTag(p.sku()), Product::sku));
    List<JsonNode> tickets = export(http, "tickets", 1000);
    for (String requestType : List.of("complaint", "return", "exchange")) {
      SortedMap<String, SortedMap<YearMonth, Long>> seen = new TreeMap<>();
      tickets.stream().filter(t -> !t.path("status").asString().equals("deleted")).forEach(t -> {
        Map<Long, String> custom = new TreeMap<>();
        t.path("custom_fields").forEach(c -> custom.put(c.path("id").asLong(), c.path("value").asString()));
        if (requestType.equals(custom.get(type.path("id").asLong()))) {
          seen.computeIfAbsent(skuByTag.get(custom.get(product.path("id").asLong())), k -> new TreeMap<>())
              .merge(YearMonth.from(Instant.parse(t.path("created_at").asString()).atZone(ZoneOffset.UTC)), 1L,
                  Long::sum);
        }
      });
      assertThat(seen).as(requestType).isNotEmpty().isEqualTo(truth.supportTicketsPerProductAndMonth(requestType));
    }
  }

  @Test
  void satisfactionRatingsMetricsGroupsAndBrandsPageToTheOracle() throws Exception {
    assertThat(list(http, "/api/v2/satisfaction_ratings?page[size]=25", "satisfaction_ratings")).hasSize((int) (
        truth.satisfactionRatings("good") + truth.satisfactionRatings("bad") + truth.satisfactionRatings("offered")));
    List<JsonNode> bad = list(http, "/api/v2/satisfaction_ratings?score=bad&page[size]=10", "satisfaction_ratings");
    assertThat(bad).hasSize((int) truth.satisfactionRatings("bad")).allMatch(r -> r.path("score").asString()
        .equals("bad"));
    long since = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();
    assertThat(list(http, "/api/v2/satisfaction_ratings?start_time=" + since, "satisfaction_ratings"))
        .allMatch(r -> Instant.parse(r.path("created_at").asString()).getEpochSecond() >= since);
    List<JsonNode> metrics = list(http, "/api/v2/ticket_metrics?page[size]=100", "ticket_metrics");
    assertThat(metrics).hasSize((int) truth.supportTickets());
    assertThat(metrics.stream().filter(m -> !m.path("solved_at").isNull()).count())
        .isEqualTo(truth.satisfactionRatings("good") + truth.satisfactionRatings("bad")
            + truth.satisfactionRatings("offered"));
    assertThat(list(http, "/api/v2/groups", "groups")).hasSize(3);
    assertThat(list(http, "/api/v2/brands", "brands")).hasSize(1);
    assertThat(http.get("/api/v2/groups?page[size]=101").statusCode()).isEqualTo(400);
  }
}
