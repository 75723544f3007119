package io.crmw.sandbox.zoho;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.sandbox.Sandbox;
import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.business.Activity;
import io.crmw.sandbox.business.ActivityType;
import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.Crm;
import io.crmw.sandbox.business.Deal;
import io.crmw.sandbox.business.truth.CrmSplitTruth;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Paging past 2,000 records, Zoho's OAuth and header, API credits and the burst window, deletes and purges. */
class ZohoPagingAuthAndLimitsTest {

  private static final SandboxOptions ALL_FOUR = SandboxOptions.defaults().withCrms(EnumSet.range(Crm.HUBSPOT, Crm.ZOHO))
      .withoutRateLimits();

  @Test
  void pageTokensReadPastTwoThousandRecordsAndCoverEveryRecordExactlyOnce() throws Exception {
    try (Sandbox s = Sandbox.start(ALL_FOUR)) {
      Business b = s.business();
      Deal deal = zohoDeal(b);
      for (int i = 0; i < 2_345; i++) { // a busy deal: 2,345 more calls, one a minute
        var at = deal.createdAt().plus(Duration.ofMinutes(i));
        b.add(new Activity(Long.toString(41_500_000_000L + i), ActivityType.CALL, at, deal.ownerId(), deal.id(), null,
            deal.companyId(), "Call " + i, null, "OUTBOUND", "CONNECTED", 60_000L, null, "COMPLETED", null, null, at,
            at));
      }
      long expected = new CrmSplitTruth(b).activities(Crm.ZOHO, ActivityType.CALL);
      assertThat(expected).isGreaterThan(2_345);
      ZohoHttp http = ZohoHttp.connect(s.zoho());
      List<JsonNode> calls = http.all("Calls", "fields=Subject,Modified_Time&per_page=200&sort_by=Modified_Time"
          + "&sort_order=asc");
      assertThat(calls).hasSize((int) expected);
      assertThat(calls.stream().map(c -> c.path("id").asString()).distinct().count()).isEqualTo(expected);
      assertThat(calls).allSatisfy(c -> assertThat(c.path("Modified_Time").asString()).matches(
          "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+0[12]:00"));
      List<String> times = calls.stream().map(c -> c.path("Modified_Time").asString()).toList();
      assertThat(times.stream().map(ZohoCatalog::parseTime).toList()).isSorted();

      assertThat(http.json("Calls?fields=Subject&page=10").path("info").path("more_records").asBoolean()).isTrue();
      HttpResponse<String> eleventh = http.get("Calls?fields=Subject&page=11");
      assertThat(eleventh.statusCode()).isEqualTo(400);
      assertThat(code(eleventh)).isEqualTo("DISCRETE_PAGINATION_LIMIT_EXCEEDED");
      // page numbering and page tokens agree: page 2 by number is the page after page 1's token
      JsonNode first = http.json("Calls?fields=Subject&per_page=50&sort_by=id&sort_order=asc");
      JsonNode byToken = http.json("Calls?fields=Subject&per_page=50&page_token="
          + first.path("info").path("next_page_token").asString());
      JsonNode byNumber = http.json("Calls?fields=Subject&per_page=50&page=2&sort_by=id&sort_order=asc");
      assertThat(byToken.path("data")).isEqualTo(byNumber.path("data"));
      assertThat(byToken.path("info").path("page").asInt()).isEqualTo(2);
      assertThat(code(http.get("Calls?fields=Subject&per_page=201"))).isEqualTo("LIMIT_EXCEEDED");
    }
  }

  @Test
  void onlyAZohoOauthtokenFromTheRefreshGrantIsAccepted() throws Exception {
    try (Sandbox s = Sandbox.start(ALL_FOUR)) {
      Map<String, String> settings = s.zoho().connectionSettings();
      assertThat(settings.keySet()).containsExactly("accounts-url", "client-id", "client-secret", "refresh-token");
      assertThat(settings.get("accounts-url")).isEqualTo(s.zoho().baseUrl());
      HttpResponse<String> byQuery = ZohoHttp.refresh(settings, true);
      assertThat(byQuery.statusCode()).isEqualTo(200);
      JsonNode token = ZohoHttp.JSON.readTree(byQuery.body());
      assertThat(token.path("api_domain").asString()).isEqualTo(s.zoho().baseUrl());
      assertThat(token.path("token_type").asString()).isEqualTo("Bearer");
      assertThat(token.path("expires_in").asInt()).isEqualTo(3600);
      String access = token.path("access_token").asString();

      ZohoHttp zoho = new ZohoHttp(s.zoho().baseUrl(), "Zoho-oauthtoken " + access);
      assertThat(zoho.get("org").statusCode()).isEqualTo(200);
      HttpResponse<String> bearer = zoho.withAuthorization("Bearer " + access).get("org");
      assertThat(bearer.statusCode()).isEqualTo(401);
      assertThat(code(bearer)).isEqualTo("INVALID_TOKEN");
      assertThat(code(zoho.withAuthorization(null).get("org"))).isEqualTo("AUTHENTICATION_FAILURE");
      assertThat(ZohoHttp.refresh(Map.of("accounts-url", settings.get("accounts-url"), "client-id",
          settings.get("client-id"), "client-secret", "wrong", "refresh-token", settings.get("refresh-token")), false)
          .statusCode()).isEqualTo(400);
      s.zoho().expireAccessTokens();
      assertThat(code(zoho.get("org"))).isEqualTo("INVALID_TOKEN");
      assertThat(ZohoHttp.connect(s.zoho()).get("org").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void spentCreditsAnswerLimitReachedOnEveryCallAndTheBurstWindowTooManyRequests() throws Exception {
    try (Sandbox s = Sandbox.start(ALL_FOUR.withZohoLimits(0, 5))) {
      ZohoHttp http = ZohoHttp.connect(s.zoho());
      for (int i = 0; i < 5; i++) {
        assertThat(http.get("Deals?fields=Deal_Name").statusCode()).isEqualTo(200);
      }
      for (String path : List.of("Deals?fields=Deal_Name", "org", "settings/fields?module=Deals")) {
        HttpResponse<String> r = http.get(path);
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(code(r)).isEqualTo("LIMIT_REACHED");
        assertThat(ZohoHttp.JSON.readTree(r.body()).path("message").asString()).contains("API credits");
      }
      assertThat(s.zoho().creditsUsed()).isEqualTo(5);
      s.zoho().resetDailyCredits();
      assertThat(http.get("org").statusCode()).isEqualTo(200);
    }
    try (Sandbox s = Sandbox.start(ALL_FOUR.withZohoLimits(3, 0))) {
      ZohoHttp http = ZohoHttp.connect(s.zoho());
      List<Integer> statuses = new java.util.ArrayList<>();
      for (int i = 0; i < 6; i++) {
        statuses.add(http.get("org").statusCode());
      }
      assertThat(statuses).contains(429);
      assertThat(statuses.subList(0, 3)).containsOnly(200);
      assertThat(code(http.get("org"))).isIn("TOO_MANY_REQUESTS", null);
    }
  }

  @Test
  void deletedDealsLeaveTheListForTheDeletedFeedAndPurgedOnesLeaveBoth() throws Exception {
    try (Sandbox s = Sandbox.start(ALL_FOUR)) {
      ZohoHttp http = ZohoHttp.connect(s.zoho());
      CrmSplitTruth truth = new CrmSplitTruth(s.business());
      List<JsonNode> deleted = deleted(http, "all");
      assertThat(deleted).hasSize((int) truth.deletedDeals(Crm.ZOHO));
      assertThat(deleted(http, "recycle").size() + deleted(http, "permanent").size()).isEqualTo(deleted.size());

      Deal deal = zohoDeal(s.business());
      String id = ZohoSimulator.dealId(deal.id());
      s.business().changeDealAmount(deal.id(), new BigDecimal("12345"));
      JsonNode changed = http.json("Deals?fields=Amount,Modified_Time", "If-Modified-Since",
          ZohoCatalog.time(s.business().deal(deal.id()).orElseThrow().updatedAt()));
      assertThat(changed.path("data")).hasSize(1);
      assertThat(changed.path("data").get(0).path("Amount").decimalValue()).isEqualByComparingTo("12345");

      s.zoho().deleteDeal(id);
      assertThat(http.all("Deals", "fields=Deal_Name")).noneMatch(d -> d.path("id").asString().equals(id));
      JsonNode tombstone = deleted(http, "recycle").stream().filter(d -> d.path("id").asString().equals(id))
          .findFirst().orElseThrow();
      assertThat(tombstone.path("display_name").asString()).isEqualTo(deal.name());
      assertThat(deleted(http, "all")).hasSize((int) truth.deletedDeals(Crm.ZOHO));
      // If-Modified-Since: only what was deleted at or after it; 304 when nothing was
      String deletedAt = tombstone.path("deleted_time").asString();
      assertThat(http.json("Deals/deleted?type=all", "If-Modified-Since", deletedAt).path("data"))
          .extracting(d -> d.path("id").asString()).containsExactly(id);
      assertThat(http.get("Deals/deleted?type=all", "If-Modified-Since", ZohoCatalog.time(
          ZohoCatalog.parseTime(deletedAt).plusSeconds(1))).statusCode()).isEqualTo(304);

      s.zoho().purgeDeal(id);
      assertThat(deleted(http, "all")).hasSize(deleted.size()).noneMatch(d -> d.path("id").asString().equals(id));
      assertThat(http.get("Deals/" + id + "/Stage_History").statusCode()).isEqualTo(400);
    }
  }

  private static List<JsonNode> deleted(ZohoHttp http, String type) throws Exception {
    List<JsonNode> out = new java.util.ArrayList<>();
    for (int page = 1; ; page++) {
      HttpResponse<String> r = http.get("Deals/deleted?type=" + type + "&per_page=200&page=" + page);
      if (r.statusCode() == 204) {
        return out;
      }
      JsonNode body = ZohoHttp.JSON.readTree(r.body());
      body.path("data").forEach(out::add);
      if (!body.path("info").path("more_records").asBoolean()) {
        return out;
      }
    }
  }

  private static Deal zohoDeal(Business b) {
    return b.deals().stream().filter(d -> !d.archived() && b.holder(d) == Crm.ZOHO).findFirst().orElseThrow();
  }

  private static String code(HttpResponse<String> r) {
    return r.body().isEmpty() ? null : ZohoHttp.JSON.readTree(r.body()).path("code").asString(null);
  }
}
