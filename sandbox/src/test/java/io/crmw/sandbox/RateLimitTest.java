package io.crmw.sandbox;

import static io.crmw.sandbox.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class RateLimitTest {

  @Test
  void burstBudgetAnswers429WithHubSpotHeadersAndPolicy() throws Exception {
    try (Sandbox s = Sandbox.start(SandboxOptions.defaults().withBurstPer10Seconds(3))) {
      TestHttp h = new TestHttp(s);
      HttpResponse<String> first = h.get("/crm/v3/objects/companies?limit=1");
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.headers().firstValue("X-HubSpot-RateLimit-Max")).contains("3");
      assertThat(first.headers().firstValue("X-HubSpot-RateLimit-Remaining")).contains("2");
      assertThat(first.headers().firstValue("X-HubSpot-RateLimit-Interval-Milliseconds")).contains("10000");
      assertThat(first.headers().firstValue("X-HubSpot-RateLimit-Daily")).isPresent();
      assertThat(first.headers().firstValue("X-HubSpot-RateLimit-Daily-Remaining")).isPresent();
      h.get("/crm/v3/objects/companies?limit=1");
      h.get("/crm/v3/objects/companies?limit=1");
      HttpResponse<String> limited = h.get("/crm/v3/objects/companies?limit=1");
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.headers().firstValue("X-HubSpot-RateLimit-Remaining")).contains("0");
      assertThat(json(limited).path("policyName").asString()).isEqualTo("TEN_SECONDLY_ROLLING");
      assertThat(json(limited).path("errorType").asString()).isEqualTo("RATE_LIMIT");
    }
  }

  @Test
  void searchHasItsOwnSecondlyLimitAndNoRateLimitHeaders() throws Exception {
    try (Sandbox s = Sandbox.start(SandboxOptions.defaults().withSearchPerSecond(2).withBurstPer10Seconds(0))) {
      TestHttp h = new TestHttp(s);
      HttpResponse<String> ok = h.post("/crm/v3/objects/deals/search", "{\"limit\":1}");
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.headers().map().keySet()).noneMatch(k -> k.toLowerCase().startsWith("x-hubspot-ratelimit"));
      h.post("/crm/v3/objects/deals/search", "{\"limit\":1}");
      HttpResponse<String> limited = h.post("/crm/v3/objects/deals/search", "{\"limit\":1}");
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(json(limited).path("policyName").asString()).isEqualTo("SECONDLY");
      assertThat(h.get("/crm/v3/objects/deals?limit=1").statusCode()).isEqualTo(200); // list is not search
    }
  }

  @Test
  void searchPastTheResultCapIsAValidationError() throws Exception {
    try (Sandbox s = Sandbox.start(SandboxOptions.defaults().withSearchResultCap(250).withoutRateLimits())) {
      TestHttp h = new TestHttp(s);
      HttpResponse<String> lastAllowed = h.post("/crm/v3/objects/contacts/search", "{\"limit\":50,\"after\":\"200\"}");
      assertThat(lastAllowed.statusCode()).isEqualTo(200);
      HttpResponse<String> past = h.post("/crm/v3/objects/contacts/search", "{\"limit\":100,\"after\":\"200\"}");
      assertThat(past.statusCode()).isEqualTo(400);
      assertThat(json(past).path("category").asString()).isEqualTo("VALIDATION_ERROR");
      assertThat(h.post("/crm/v3/objects/contacts/search", "{\"limit\":201}").statusCode()).isEqualTo(400);
    }
  }
}
