package io.crmw.sandbox.zendesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.sandbox.Sandbox;
import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.Company;
import io.crmw.sandbox.business.Crm;
import io.crmw.sandbox.business.Ticket;
import io.crmw.sandbox.business.truth.CrmSplitTruth;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Zendesk Support's rate limits, OAuth refresh rotation, and changes between runs seen through the exports. */
class ZendeskSupportAuthLimitsAndChangesTest {

  private static final SandboxOptions SUPPORT = SandboxOptions.defaults()
      .withCrms(EnumSet.of(Crm.HUBSPOT, Crm.ZENDESK_SUPPORT));

  @Test
  void theEleventhExportRequestInAMinuteIs429WithRetryAfterWhileOrdinaryEndpointsStillAnswer() throws Exception {
    try (Sandbox s = Sandbox.start(SUPPORT)) {
      ZendeskHttp http = ZendeskHttp.apiToken(s.zendeskSupport());
      String export = "/api/v2/incremental/tickets/cursor.json?start_time=0&per_page=10";
      for (int i = 0; i < 10; i++) {
        var ok = http.get(export);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("X-Rate-Limit")).hasValue("200");
      }
      var limited = http.get("/api/v2/incremental/organizations.json?start_time=0");
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
      assertThat(ZendeskHttp.JSON.readTree(limited.body()).path("description").asString())
          .contains("incremental export");
      assertThat(http.get("/api/v2/groups").statusCode()).isEqualTo(200);
      s.zendeskSupport().advanceClock(Duration.ofSeconds(61));
      assertThat(http.get(export).statusCode()).isEqualTo(200);
    }
    try (Sandbox s = Sandbox.start(SUPPORT.withZendeskSupport(
        io.crmw.sandbox.zendesk.ZendeskSupportSimulator.Settings.defaults().withLimits(700, 30)))) {
      ZendeskHttp http = ZendeskHttp.apiToken(s.zendeskSupport());
      for (int i = 0; i < 30; i++) {
        assertThat(http.get("/api/v2/incremental/users/cursor.json?start_time=0&per_page=1").statusCode())
            .isEqualTo(200);
      }
      assertThat(http.get("/api/v2/incremental/users/cursor.json?start_time=0").statusCode()).isEqualTo(429);
    }
  }

  @Test
  void refreshingRotatesTheRefreshTokenRefusesTheOldOneAndAccessTokensExpire() throws Exception {
    try (Sandbox s = Sandbox.start(SUPPORT)) {
      ZendeskSupportSimulator zd = s.zendeskSupport();
      ZendeskHttp http = ZendeskHttp.apiToken(zd);
      Map<String, String> oauth = zd.otherAuthSettings();
      assertThat(oauth).containsOnlyKeys("client-id", "client-secret", "refresh-token");
      String first = oauth.get("refresh-token");
      var refreshed = http.postJson("/oauth/tokens", refresh(oauth, first));
      assertThat(refreshed.statusCode()).isEqualTo(200);
      JsonNode token = ZendeskHttp.JSON.readTree(refreshed.body());
      String second = token.path("refresh_token").asString();
      assertThat(second).isNotEqualTo(first);
      assertThat(token.path("token_type").asString()).isEqualTo("bearer");
      assertThat(token.path("expires_in").asLong()).isEqualTo(1800);
      assertThat(zd.otherAuthSettings().get("refresh-token")).isEqualTo(second);
      ZendeskHttp bearer = http.withAuthorization("Bearer " + token.path("access_token").asString());
      assertThat(bearer.get("/api/v2/brands").statusCode()).isEqualTo(200);

      var reused = http.postJson("/oauth/tokens", refresh(oauth, first));
      assertThat(reused.statusCode()).isEqualTo(400);
      assertThat(ZendeskHttp.JSON.readTree(reused.body()).path("error").asString()).isEqualTo("invalid_grant");
      var wrongClient = http.postJson("/oauth/tokens", refresh(Map.of("client-id", "x", "client-secret", "y"), second));
      assertThat(wrongClient.statusCode()).isEqualTo(401);
      assertThat(http.postJson("/oauth/tokens", refresh(oauth, second)).statusCode()).isEqualTo(200);

      zd.advanceClock(Duration.ofMinutes(31));
      assertThat(bearer.get("/api/v2/brands").statusCode()).isEqualTo(401);
    }
  }

  private static String refresh(Map<String, String> oauth, String refreshToken) {
    return "{\"grant_type\":\"refresh_token\",\"refresh_token\":\"" + refreshToken + "\",\"client_id\":\""
        + oauth.get("client-id") + "\",\"client_secret\":\"" + oauth.get("client-secret") + "\"}";
  }

  @Test
  void aResumedCursorSeesSolvedAndDeletedTicketsOnceTheMinuteHasPassed() throws Exception {
    try (Sandbox s = Sandbox.start(SUPPORT.withoutRateLimits())) {
      ZendeskSupportSimulator zd = s.zendeskSupport();
      ZendeskHttp http = ZendeskHttp.apiToken(zd);
      Business b = s.business();
      CrmSplitTruth truth = new CrmSplitTruth(b);
      List<JsonNode> all = ZendeskSupportSimulatorTest.export(http, "tickets", 1000);
      assertThat(all).hasSize((int) truth.supportTickets());
      assertThat(truth.deletedSupportTickets()).isZero();
      JsonNode last = http.json("/api/v2/incremental/tickets/cursor.json?start_time=0");
      assertThat(last.path("end_of_stream").asBoolean()).isTrue();
      String cursor = last.path("after_cursor").asString();
      assertThat(last.path("after_url").asString()).contains("cursor=");

      List<Ticket> open = b.tickets().stream().filter(t -> t.closedAt() == null).toList();
      long solved = ZendeskSupportSimulator.ticketId(open.get(0).id());
      long deleted = ZendeskSupportSimulator.ticketId(open.get(1).id());
      zd.solveTicket(solved);
      zd.deleteTicket(deleted);
      String resume = "/api/v2/incremental/tickets/cursor.json?cursor="
          + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
      JsonNode hidden = http.json(resume);
      assertThat(hidden.path("tickets").size()).as("changes of the last minute are left out").isZero();
      assertThat(hidden.path("after_cursor").asString()).isEqualTo(cursor);

      zd.advanceClock(Duration.ofSeconds(61));
      JsonNode changed = http.json(resume);
      assertThat(changed.path("end_of_stream").asBoolean()).isTrue();
      Map<Long, String> status = new TreeMap<>();
      changed.path("tickets").forEach(t -> status.put(t.path("id").asLong(), t.path("status").asString()));
      assertThat(status).containsExactlyInAnyOrderEntriesOf(Map.of(solved, "solved", deleted, "deleted"));
      assertThat(truth.deletedSupportTickets()).isOne();
      List<JsonNode> again = ZendeskSupportSimulatorTest.export(http, "tickets", 1000);
      assertThat(again).hasSize((int) (truth.supportTickets() + truth.deletedSupportTickets()));
      assertThat(again.stream().filter(t -> t.path("status").asString().equals("deleted")).count()).isOne();
      assertThat(http.json("/api/v2/incremental/tickets/cursor.json?cursor=" + URLEncoder.encode(
          changed.path("after_cursor").asString(), StandardCharsets.UTF_8)).path("tickets").size()).isZero();
    }
  }

  @Test
  void itemsSharingOneSecondBeyondAPageComeTogetherAndTheExportMovesOnASecond() throws Exception {
    try (Sandbox s = Sandbox.start(SUPPORT.withoutRateLimits())) {
      ZendeskSupportSimulator zd = s.zendeskSupport();
      ZendeskHttp http = ZendeskHttp.apiToken(zd);
      Business b = s.business();
      long before = Instant.now().getEpochSecond() - 1;
      List<Company> held = b.companies().stream().filter(c -> b.holds(Crm.ZENDESK_SUPPORT, c)).limit(4).toList();
      held.forEach(c -> b.archiveCompany(c.id()));
      zd.advanceClock(Duration.ofSeconds(61));
      JsonNode changed = http.json("/api/v2/incremental/organizations.json?start_time=" + before);
      List<JsonNode> orgs = new ArrayList<>();
      changed.path("organizations").forEach(orgs::add);
      assertThat(orgs).hasSize(4).allMatch(o -> !o.path("deleted_at").isNull());
      // four deletes within milliseconds: at least two share a second
      Map<Long, Long> perSecond = orgs.stream().collect(Collectors.groupingBy(o -> Instant.parse(
          o.path("updated_at").asString()).getEpochSecond(), TreeMap::new, Collectors.counting()));
      Map.Entry<Long, Long> crowded = perSecond.entrySet().stream().filter(e -> e.getValue() >= 2).findFirst()
          .orElseThrow();
      JsonNode page = http.json("/api/v2/incremental/organizations.json?start_time=" + crowded.getKey()
          + "&per_page=" + (crowded.getValue() - 1));
      assertThat(page.path("count").asLong()).isEqualTo(crowded.getValue());
      assertThat(page.path("end_time").asLong()).isEqualTo(crowded.getKey() + 1);
      assertThat(page.path("next_page").asString()).contains("start_time=" + (crowded.getKey() + 1));
    }
  }
}
