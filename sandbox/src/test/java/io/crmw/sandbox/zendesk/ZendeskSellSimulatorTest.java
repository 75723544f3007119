package io.crmw.sandbox.zendesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.sandbox.Sandbox;
import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.BusinessGenerator;
import io.crmw.sandbox.business.Crm;
import io.crmw.sandbox.business.CrmSplit;
import io.crmw.sandbox.business.Deal;
import io.crmw.sandbox.business.FxRates;
import io.crmw.sandbox.business.GroundTruth;
import io.crmw.sandbox.business.truth.CrmSplitTruth;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Zendesk Sell's envelope, paging and Firehose over the self-serve deals of a six-CRM business. */
class ZendeskSellSimulatorTest {

  private static final Set<Crm> ALL_SIX = EnumSet.allOf(Crm.class);
  private static final FxRates FX = io.crmw.sandbox.SandboxReference.fxRates();
  private static Sandbox sandbox;
  private static ZendeskHttp http;
  private static CrmSplitTruth truth;

  @BeforeAll
  static void start() {
    sandbox = Sandbox.start(SandboxOptions.defaults().withSize(2).withCrms(ALL_SIX).withoutRateLimits());
    http = ZendeskHttp.sell(sandbox.zendeskSell());
    truth = new CrmSplitTruth(sandbox.business());
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  /** Every item's data of a list, following meta.links.next_page. */
  static List<JsonNode> all(String path, String type) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    String next = path;
    while (next != null) {
      JsonNode page = http.json(next);
      assertThat(page.path("meta").path("type").asString()).isEqualTo("collection");
      assertThat(page.path("meta").path("count").asInt()).isEqualTo(page.path("items").size());
      page.path("items").forEach(i -> {
        assertThat(i.path("meta").path("type").asString()).isEqualTo(type);
        out.add(i.path("data"));
      });
      JsonNode link = page.path("meta").path("links").path("next_page");
      next = link.isMissingNode() || link.isNull() ? null : link.asString();
    }
    return out;
  }

  @Test
  void dealsPageInTheEnvelopeToTheOracleAndOnlySelfServeDealsAreInSell() throws Exception {
    Business b = sandbox.business();
    List<JsonNode> deals = all("/v2/deals?per_page=100&sort_by=updated_at", "deal");
    assertThat(truth.liveDeals(Crm.ZENDESK_SELL)).isBetween(20L, 200L);
    assertThat(deals).hasSize((int) truth.liveDeals(Crm.ZENDESK_SELL));
    assertThat(all("/v2/deals?per_page=7", "deal")).hasSize(deals.size());
    for (int i = 1; i < deals.size(); i++) {
      assertThat(deals.get(i).path("updated_at").asString())
          .isGreaterThanOrEqualTo(deals.get(i - 1).path("updated_at").asString());
    }
    b.deals().stream().filter(d -> b.holder(d) == Crm.ZENDESK_SELL).forEach(d -> {
      assertThat(d.pipelineId()).isEqualTo(BusinessGenerator.DEFAULT_PIPELINE);
      assertThat(CrmSplit.sellAccount(d.companyId())).isTrue();
    });
    JsonNode first = http.json("/v2/deals?per_page=1").path("items").get(0).path("data");
    assertThat(first.path("value").asString()).matches("\\d+\\.\\d{2}");
    assertThat(first.has("currency") && first.has("stage_id") && first.has("estimated_close_date")
        && first.has("owner_id") && first.has("source_id") && first.has("last_stage_change_at")).isTrue();
    assertThat(http.get("/v2/deals?per_page=101").statusCode()).isEqualTo(422);
    assertThat(http.withAuthorization("Bearer wrong").get("/v2/deals").statusCode()).isEqualTo(401);
    assertThat(http.withAuthorization(null).get("/v2/deals").statusCode()).isEqualTo(401);
  }

  @Test
  void wonValuePerMonthOfTheWonStageEqualsTheOracleToTheCent() throws Exception {
    long won = all("/v2/stages", "stage").stream().filter(s -> s.path("category").asString().equals("won"))
        .findFirst().orElseThrow().path("id").asLong();
    SortedMap<YearMonth, BigDecimal> perMonth = new TreeMap<>();
    for (JsonNode d : all("/v2/deals?per_page=100", "deal")) {
      if (d.path("stage_id").asLong() == won && !d.path("value").isNull()) {
        LocalDate close = LocalDate.parse(d.path("estimated_close_date").asString());
        perMonth.merge(YearMonth.from(close), new BigDecimal(d.path("value").asString())
            .multiply(FX.rate(d.path("currency").asString(), "USD", close)).setScale(2, RoundingMode.HALF_UP),
            BigDecimal::add);
      }
    }
    assertThat(perMonth).isNotEmpty().isEqualTo(truth.wonAmountPerMonth(Crm.ZENDESK_SELL, "USD", FX));
  }

  @Test
  void referenceListsContactsLeadsActivitiesAndOrdersAreServed() throws Exception {
    List<JsonNode> contacts = all("/v2/contacts?per_page=100", "contact");
    long people = contacts.stream().filter(c -> !c.path("is_organization").asBoolean()).count();
    assertThat(contacts.size() - people).isEqualTo(truth.liveCompanies(Crm.ZENDESK_SELL));
    assertThat(people + all("/v2/leads?per_page=100", "lead").size()).isEqualTo(truth.liveContacts(Crm.ZENDESK_SELL));
    assertThat(all("/v2/stages", "stage")).allMatch(s -> s.has("likelihood")).hasSize(7);
    assertThat(all("/v2/pipelines", "pipeline")).hasSize(1);
    assertThat(all("/v2/users?per_page=100", "user")).hasSize(sandbox.business().owners().size());
    List<Long> outcomes = all("/v2/call_outcomes", "call_outcome").stream().map(o -> o.path("id").asLong()).toList();
    List<JsonNode> calls = all("/v2/calls?per_page=100", "call");
    assertThat(calls).hasSize((int) truth.activities(Crm.ZENDESK_SELL, io.crmw.sandbox.business.ActivityType.CALL))
        .allMatch(c -> outcomes.contains(c.path("outcome_id").asLong()));
    assertThat(all("/v2/loss_reasons", "loss_reason")).hasSize(BusinessGenerator.LOST_REASONS.size());
    assertThat(all("/v2/deal_sources", "source")).hasSize(BusinessGenerator.LEAD_SOURCES.size());
    assertThat(all("/v2/products?per_page=100", "product")).hasSize(sandbox.business().products().size());
    long lines = 0;
    for (JsonNode order : all("/v2/orders?per_page=100", "order")) {
      lines += all("/v2/orders/" + order.path("id").asLong() + "/line_items", "line_item").size();
    }
    assertThat(lines).isPositive().isEqualTo(truth.lineItems(Crm.ZENDESK_SELL));
    assertThat(http.get("/v2/orders/1/line_items").statusCode()).isEqualTo(404);
  }

  @Test
  void theFirehoseShowsChangesAndDeletesFromAPositionAndExpiresOldPositions() throws Exception {
    ZendeskSellSimulator sell = sandbox.zendeskSell();
    Business b = sandbox.business();
    String top = http.json("/v3/deals/stream?position=top").path("meta").path("position").asString();
    List<Deal> live = b.deals().stream().filter(d -> b.holder(d) == Crm.ZENDESK_SELL && !d.archived()).toList();
    Deal changed = b.changeDealAmount(live.get(0).id(), new BigDecimal("1234.5"));
    long deleted = ZendeskSellSimulator.dealId(live.get(1).id());
    sell.deleteDeal(deleted);
    JsonNode page = http.json("/v3/deals/stream?limit=1&position=" + URLEncoder.encode(top, StandardCharsets.UTF_8));
    List<JsonNode> events = new ArrayList<>();
    page.path("items").forEach(events::add);
    assertThat(page.path("meta").path("top").asBoolean()).isFalse();
    page = http.json("/v3/deals/stream?position=" + URLEncoder.encode(page.path("meta").path("position").asString(),
        StandardCharsets.UTF_8));
    page.path("items").forEach(events::add);
    assertThat(page.path("meta").path("top").asBoolean()).isTrue();
    assertThat(events).hasSize(2);
    assertThat(events.get(0).path("meta").path("event_type").asString()).isEqualTo("updated");
    assertThat(events.get(0).path("data").path("value").asString()).isEqualTo("1234.50");
    assertThat(events.get(0).path("data").path("id").asLong()).isEqualTo(ZendeskSellSimulator.dealId(changed.id()));
    assertThat(events.get(1).path("meta").path("event_type").asString()).isEqualTo("deleted");
    assertThat(events.get(1).path("data").path("id").asLong()).isEqualTo(deleted);
    assertThat(all("/v2/deals?per_page=100", "deal")).noneMatch(d -> d.path("id").asLong() == deleted);
    assertThat(truth.deletedDeals(Crm.ZENDESK_SELL, java.time.Instant.now().minus(Duration.ofHours(1)))).isOne();

    sell.advanceClock(Duration.ofHours(73));
    var gone = http.get("/v3/deals/stream?position=" + URLEncoder.encode(top, StandardCharsets.UTF_8));
    assertThat(gone.statusCode()).isEqualTo(410);
    assertThat(ZendeskHttp.JSON.readTree(gone.body()).path("errors").get(0).path("error").path("code").asString())
        .isEqualTo("position_expired");
    assertThat(http.json("/v3/deals/stream?position=tail").path("items").size()).isZero();
  }

  @Test
  void sellTakesOnlyTheSelfServeDealsAndSupportOnlyTheTicketsLeavingTheRestOfTheSplitAlone() {
    Set<Crm> four = EnumSet.range(Crm.HUBSPOT, Crm.ZOHO);
    Business without = BusinessGenerator.generate(42, 2, four);
    Business with = sandbox.business();
    for (Deal d : with.deals()) {
      Crm holder = with.holder(d);
      assertThat(ALL_SIX.stream().filter(crm -> with.holds(crm, d)).toList()).containsExactly(holder);
      if (holder != Crm.ZENDESK_SELL) {
        assertThat(holder).isEqualTo(without.holder(d));
      } else {
        assertThat(without.holder(d)).isEqualTo(Crm.HUBSPOT);
      }
    }
    assertThat(with.tickets()).allMatch(t -> with.holds(Crm.ZENDESK_SUPPORT, t) && !with.holds(Crm.HUBSPOT, t)
            && !with.holds(Crm.SALESFORCE, t));
    for (Crm crm : EnumSet.of(Crm.SALESFORCE, Crm.PIPEDRIVE, Crm.ZOHO)) {
      with.companies().forEach(c -> assertThat(with.holds(crm, c)).isEqualTo(without.holds(crm, c)));
      with.contacts().forEach(c -> assertThat(with.holds(crm, c)).isEqualTo(without.holds(crm, c)));
    }
    var whole = new GroundTruth(with).wonAmountPerMonth("USD", FX);
    assertThat(truth.wonAmountPerMonthCombined("USD", FX)).isEqualTo(whole);
    assertThat(truth.companyDomainsInAll(EnumSet.of(Crm.HUBSPOT, Crm.ZENDESK_SELL))).isNotEmpty();
    assertThat(truth.companyDomainsInAll(EnumSet.of(Crm.ZENDESK_SUPPORT, Crm.ZENDESK_SELL))).isNotEmpty();
  }

  @Test
  void theHourlyLimitAnswers429() throws Exception {
    try (Sandbox s = Sandbox.start(SandboxOptions.defaults().withCrms(EnumSet.of(Crm.HUBSPOT, Crm.ZENDESK_SELL))
        .withZendeskSell(ZendeskSellSimulator.Settings.defaults().withLimit(3)))) {
      ZendeskHttp limited = ZendeskHttp.sell(s.zendeskSell());
      for (int i = 0; i < 3; i++) {
        assertThat(limited.get("/v2/users").statusCode()).isEqualTo(200);
      }
      var r = limited.get("/v2/users");
      assertThat(r.statusCode()).isEqualTo(429);
      assertThat(ZendeskHttp.JSON.readTree(r.body()).path("meta").path("http_status").asString())
          .isEqualTo("429 Too Many Requests");
      s.zendeskSell().advanceClock(Duration.ofHours(1));
      assertThat(limited.get("/v2/users").statusCode()).isEqualTo(200);
    }
  }
}
