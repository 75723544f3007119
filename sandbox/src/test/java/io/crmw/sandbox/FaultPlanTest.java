package io.crmw.sandbox;

import static io.crmw.sandbox.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmw.sandbox.faults.FaultPlan;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FaultPlanTest {

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

  private List<Integer> statuses(int n) throws Exception {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(http.get("/crm/v3/objects/deals?limit=1").statusCode());
    }
    return out;
  }

  @Test
  void rateLimitBurstsComeEveryNthRequestForKRequestsWithRetryAfter() throws Exception {
    sandbox.hubspot().faults(FaultPlan.none().withRateLimitBursts(3, 2, 7));
    List<HttpResponse<String>> responses = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      responses.add(http.get("/crm/v3/objects/deals?limit=1"));
    }
    assertThat(responses).extracting(HttpResponse::statusCode).containsExactly(200, 200, 429, 429, 200, 429, 429);
    HttpResponse<String> limited = responses.get(2);
    assertThat(limited.headers().firstValue("Retry-After")).contains("7");
    assertThat(json(limited).path("policyName").asString()).isEqualTo("TEN_SECONDLY_ROLLING");

    sandbox.hubspot().faults(FaultPlan.none().withRateLimitBursts(1, 1, null));
    assertThat(http.get("/crm/v3/objects/deals?limit=1").headers().firstValue("Retry-After")).isEmpty();
    sandbox.hubspot().faults(FaultPlan.none());
  }

  @Test
  void serverErrorsEveryNthOrAtAnEvenlySpacedRate() throws Exception {
    sandbox.hubspot().faults(FaultPlan.none().withServerErrorEvery(2, 502));
    assertThat(statuses(4)).containsExactly(200, 502, 200, 502);
    sandbox.hubspot().faults(FaultPlan.none().withServerErrorRate(0.25, 503));
    assertThat(statuses(8)).containsExactly(200, 200, 200, 503, 200, 200, 200, 503);
    sandbox.hubspot().faults(FaultPlan.none());
    assertThat(statuses(2)).containsExactly(200, 200);
  }

  @Test
  void faultsCanBeLimitedToSomePaths() throws Exception {
    sandbox.hubspot().faults(FaultPlan.none().withServerErrorEvery(1, 500).onlyPathsContaining("/contacts"));
    assertThat(http.get("/crm/v3/objects/deals?limit=1").statusCode()).isEqualTo(200);
    assertThat(http.get("/crm/v3/objects/contacts?limit=1").statusCode()).isEqualTo(500);
    sandbox.hubspot().faults(FaultPlan.none());
  }

  @Test
  void droppedConnectionsAndMalformedBodies() throws Exception {
    sandbox.hubspot().faults(FaultPlan.none().withConnectionResetEvery(2));
    assertThat(http.get("/crm/v3/objects/deals?limit=1").statusCode()).isEqualTo(200);
    // a POST, because the JDK client silently retries an idempotent GET once
    assertThatThrownBy(() -> http.post("/crm/v3/objects/deals/search", "{}")).isInstanceOf(IOException.class);

    sandbox.hubspot().faults(FaultPlan.none().withMalformedBodyOnRequest(2));
    HttpResponse<String> fine = http.get("/crm/v3/objects/deals?limit=5");
    HttpResponse<String> broken = http.get("/crm/v3/objects/deals?limit=5");
    HttpResponse<String> fineAgain = http.get("/crm/v3/objects/deals?limit=5");
    assertThat(json(fine).path("results")).hasSize(5);
    assertThat(broken.statusCode()).isEqualTo(200);
    assertThatThrownBy(() -> json(broken)).isInstanceOf(RuntimeException.class);
    assertThat(json(fineAgain).path("results")).hasSize(5);
    sandbox.hubspot().faults(FaultPlan.none());
  }

  @Test
  void slowResponsesAreDelayedByTheFixedDelay() throws Exception {
    sandbox.hubspot().faults(FaultPlan.none().withDelayMillis(300));
    long t0 = System.nanoTime();
    assertThat(http.get("/crm/v3/objects/deals?limit=1").statusCode()).isEqualTo(200);
    assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(300);
    sandbox.hubspot().faults(FaultPlan.none());
  }

  @Test
  void faultPlanGivenAtStartAppliesFromTheFirstRequest() throws Exception {
    try (Sandbox s = Sandbox.start(SandboxOptions.defaults().withFaults(FaultPlan.none().withServerErrorEvery(1, 503)))) {
      assertThat(new TestHttp(s).get("/crm/v3/owners").statusCode()).isEqualTo(503);
    }
  }
}
