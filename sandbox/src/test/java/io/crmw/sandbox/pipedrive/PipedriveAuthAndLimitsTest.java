package io.crmw.sandbox.pipedrive;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.sandbox.Sandbox;
import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.business.Crm;
import io.crmw.sandbox.faults.FaultPlan;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** API token and OAuth, the 402 switch, the burst window and the daily token budget, injected faults. */
class PipedriveAuthAndLimitsTest {

  private static SandboxOptions withPipedrive() {
    return SandboxOptions.defaults().withCrms(EnumSet.of(Crm.HUBSPOT, Crm.PIPEDRIVE));
  }

  @Test
  void rejectsMissingOrWrongTokensWith401AndAcceptsTheLegacyQueryToken() throws Exception {
    try (Sandbox s = Sandbox.start(withPipedrive())) {
      PipedriveSimulator pd = s.pipedrive();
      HttpResponse<String> anonymous = PdHttp.anonymous(pd.baseUrl()).get("/api/v2/deals");
      assertThat(anonymous.statusCode()).isEqualTo(401);
      JsonNode body = PdHttp.json(anonymous);
      assertThat(body.path("success").asBoolean()).isFalse();
      assertThat(body.path("error").asString()).isEqualTo("unauthorized access");
      assertThat(body.path("errorCode").asInt()).isEqualTo(401);
      assertThat(body.path("error_info").asString()).isEqualTo(
          "Please check developers.pipedrive.com for more information about Pipedrive API.");
      assertThat(PdHttp.bearer(pd.baseUrl(), "nope").get("/v1/users").statusCode()).isEqualTo(401);
      assertThat(PdHttp.anonymous(pd.baseUrl()).get("/v1/users?api_token=" + pd.apiToken()).statusCode())
          .isEqualTo(200);
      assertThat(PdHttp.apiToken(pd).get("/api/v2/deals").statusCode()).isEqualTo(200);
      assertThat(PdHttp.apiToken(pd).get("/api/v2/nothing-here").statusCode()).isEqualTo(404);
      assertThat(pd.requests("GET", "/api/v2/deals")).isEqualTo(2);
    }
  }

  @Test
  void oauthRefreshGivesABearerTokenForTheApiDomain() throws Exception {
    try (Sandbox s = Sandbox.start(withPipedrive())) {
      PipedriveSimulator pd = s.pipedrive();
      String basic = pd.settings().clientId() + ":" + pd.settings().clientSecret();
      HttpResponse<String> r = PdHttp.postForm(pd.baseUrl() + "/oauth/token", basic,
          "grant_type=refresh_token&refresh_token=" + pd.settings().refreshToken());
      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode token = PdHttp.json(r);
      assertThat(token.path("token_type").asString()).isEqualTo("bearer");
      assertThat(token.path("expires_in").asInt()).isEqualTo(3600);
      assertThat(token.path("refresh_token").asString()).isEqualTo(pd.settings().refreshToken());
      assertThat(token.path("api_domain").asString()).isEqualTo(pd.baseUrl());
      PdHttp bearer = PdHttp.bearer(token.path("api_domain").asString(), token.path("access_token").asString());
      assertThat(bearer.json("/api/v2/pipelines").path("data").size()).isEqualTo(2);
      pd.expireAccessTokens();
      assertThat(bearer.get("/api/v2/pipelines").statusCode()).isEqualTo(401);

      HttpResponse<String> badGrant = PdHttp.postForm(pd.baseUrl() + "/oauth/token", basic,
          "grant_type=refresh_token&refresh_token=stale");
      assertThat(badGrant.statusCode()).isEqualTo(400);
      assertThat(PdHttp.json(badGrant).path("message").asString()).contains("refresh_token is invalid");
      HttpResponse<String> badClient = PdHttp.postForm(pd.baseUrl() + "/oauth/token", "x:y",
          "grant_type=refresh_token&refresh_token=" + pd.settings().refreshToken());
      assertThat(PdHttp.json(badClient).path("message").asString()).contains("client is invalid");
    }
  }

  @Test
  void closedAccountAnswers402() throws Exception {
    try (Sandbox s = Sandbox.start(withPipedrive())) {
      PipedriveSimulator pd = s.pipedrive();
      pd.accountOpen(false);
      HttpResponse<String> r = PdHttp.apiToken(pd).get("/api/v2/deals");
      assertThat(r.statusCode()).isEqualTo(402);
      assertThat(PdHttp.json(r).path("success").asBoolean()).isFalse();
      pd.accountOpen(true);
      assertThat(PdHttp.apiToken(pd).get("/api/v2/deals").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void burstWindowAnswers429WithRetryAfterAndRateLimitHeadersOnEveryResponse() throws Exception {
    try (Sandbox s = Sandbox.start(withPipedrive().withPipedriveLimits(3, 0))) {
      PdHttp http = PdHttp.apiToken(s.pipedrive());
      HttpResponse<String> first = http.get("/api/v2/deals?limit=1");
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.headers().firstValue("x-ratelimit-limit")).contains("3");
      assertThat(first.headers().firstValue("x-ratelimit-remaining")).contains("2");
      assertThat(first.headers().firstValue("x-ratelimit-reset")).hasValueSatisfying(v ->
          assertThat(Integer.parseInt(v)).isBetween(1, 2));
      assertThat(http.get("/api/v2/stages").headers().firstValue("x-ratelimit-remaining")).contains("1");
      http.get("/v1/users");
      HttpResponse<String> limited = http.get("/api/v2/deals?limit=1");
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.headers().firstValue("x-ratelimit-remaining")).contains("0");
      assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(v ->
          assertThat(Integer.parseInt(v)).isBetween(1, 2));
      assertThat(PdHttp.json(limited).path("errorCode").asInt()).isEqualTo(429);
      assertThat(s.pipedrive().tokensUsed()).isEqualTo(10 + 5 + 20);
    }
  }

  @Test
  void spentDailyBudgetAnswers429WhileTheBurstWindowHasRoom() throws Exception {
    try (Sandbox s = Sandbox.start(withPipedrive().withPipedriveLimits(50, 45))) {
      PipedriveSimulator pd = s.pipedrive();
      PdHttp http = PdHttp.apiToken(pd);
      assertThat(http.get("/api/v2/deals").statusCode()).isEqualTo(200); // 10
      assertThat(http.get("/v1/users").statusCode()).isEqualTo(200); // 30
      assertThat(http.get("/v1/leads").statusCode()).isEqualTo(200); // 50: over the budget from now on
      for (String path : new String[] {"/api/v2/stages", "/api/v2/deals", "/v1/currencies"}) {
        HttpResponse<String> r = http.get(path);
        assertThat(r.statusCode()).as(path).isEqualTo(429);
        assertThat(Integer.parseInt(r.headers().firstValue("x-ratelimit-remaining").orElseThrow())).isPositive();
        assertThat(PdHttp.json(r).path("error").asString()).isEqualTo("Daily token budget exceeded");
        assertThat(PdHttp.json(r).path("errorCode").asInt()).isEqualTo(429);
      }
      assertThat(pd.tokensUsed()).isEqualTo(50);
      pd.resetDailyBudget();
      assertThat(http.get("/api/v2/deals").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void theSharedFaultPlanApplies() throws Exception {
    try (Sandbox s = Sandbox.start(withPipedrive().withFaults(FaultPlan.none().withServerErrorEvery(2, 503)
        .onlyPathsContaining("/api/v2/")))) {
      PipedriveSimulator pd = s.pipedrive();
      PdHttp http = PdHttp.apiToken(pd);
      assertThat(http.get("/api/v2/deals").statusCode()).isEqualTo(200);
      HttpResponse<String> failed = http.get("/api/v2/deals");
      assertThat(failed.statusCode()).isEqualTo(503);
      assertThat(PdHttp.json(failed).path("success").asBoolean()).isFalse();
      assertThat(http.get("/v1/users").statusCode()).isEqualTo(200);
      pd.faults(FaultPlan.none().withRateLimitBursts(1, 1, 7));
      HttpResponse<String> limited = http.get("/v1/users");
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.headers().firstValue("Retry-After")).contains("7");
      pd.faults(FaultPlan.none().withMalformedBodyOnRequest(1));
      HttpResponse<String> truncated = http.get("/v1/users");
      assertThat(truncated.statusCode()).isEqualTo(200);
      assertThat(truncated.body()).doesNotEndWith("}");
      pd.faults(FaultPlan.none().withEmptyDataEvery(1));
      JsonNode noData = http.json("/api/v2/deals?limit=2");
      assertThat(noData.path("success").asBoolean()).isTrue();
      assertThat(noData.has("data")).isFalse();
      assertThat(noData.path("additional_data").path("next_cursor").asString()).isNotBlank();
      pd.faults(FaultPlan.none().withLongRetryAfterEvery(1));
      HttpResponse<String> tomorrow = http.get("/v1/users");
      assertThat(tomorrow.statusCode()).isEqualTo(429);
      assertThat(tomorrow.headers().firstValue("Retry-After")).contains("86400");
      assertThat(PdHttp.json(tomorrow).path("success").asBoolean()).isFalse();
    }
  }
}
