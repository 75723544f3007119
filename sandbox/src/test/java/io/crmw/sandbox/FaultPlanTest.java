package io.crmw.sandbox;

import static io.crmw.sandbox.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmw.sandbox.faults.Fault;
import io.crmw.sandbox.faults.FaultPlan;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
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

  @Test
  void emptyObjectIsA200WithTheBodyBraces() throws Exception {
    sandbox.hubspot().faults(FaultPlan.none().withEmptyObjectEvery(2));
    HttpResponse<String> fine = http.get("/crm/v3/objects/deals?limit=2");
    HttpResponse<String> empty = http.get("/crm/v3/objects/deals?limit=2");
    assertThat(json(fine).path("results")).hasSize(2);
    assertThat(empty.statusCode()).isEqualTo(200);
    assertThat(empty.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
    assertThat(empty.body()).isEqualTo("{}");
    sandbox.hubspot().faults(FaultPlan.none());
  }

  @Test
  void emptyDataKeepsTheEnvelopeWithoutTheRecords() throws Exception {
    sandbox.hubspot().faults(FaultPlan.none().withEmptyDataEvery(1));
    HttpResponse<String> r = http.get("/crm/v3/objects/deals?limit=2");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = json(r);
    assertThat(body.has("results")).isFalse();
    assertThat(body.path("paging").path("next").path("after").asString()).isNotBlank();
    sandbox.hubspot().faults(FaultPlan.none());
  }

  @Test
  void longRetryAfterIsTheVendors429WithADay() throws Exception {
    sandbox.hubspot().faults(FaultPlan.none().withLongRetryAfterEvery(1));
    HttpResponse<String> r = http.get("/crm/v3/objects/deals?limit=1");
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.headers().firstValue("Retry-After")).contains("86400");
    assertThat(json(r).path("policyName").asString()).isEqualTo("TEN_SECONDLY_ROLLING");
    assertThat(sandbox.hubspot().injectedFaults()).isEqualTo(Map.of(Fault.Kind.LONG_RETRY_AFTER, 1L));
    sandbox.hubspot().faults(FaultPlan.none());
  }

  @Test
  void aStallOutlastsTheClientsTimeoutAndTheNextRequestIsAnswered() throws Exception {
    sandbox.hubspot().faults(FaultPlan.none().withStallEvery(2, 1_500));
    assertThat(http.get("/crm/v3/objects/deals?limit=1", Duration.ofMillis(400)).statusCode()).isEqualTo(200);
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> http.get("/crm/v3/objects/deals?limit=1", Duration.ofMillis(400)))
        .isInstanceOf(HttpTimeoutException.class);
    assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(400L, 1_400L);
    assertThat(http.get("/crm/v3/objects/deals?limit=1", Duration.ofMillis(400)).statusCode()).isEqualTo(200);
    assertThat(sandbox.hubspot().injectedFaults()).isEqualTo(Map.of(Fault.Kind.STALL, 1L));
    sandbox.hubspot().faults(FaultPlan.none());
  }

  @Test
  void injectedFaultsAreCountedByKindAndRestartWithThePlan() throws Exception {
    sandbox.hubspot().faults(FaultPlan.none().withServerErrorEvery(2, 503).withEmptyObjectEvery(3));
    assertThat(statuses(6)).containsExactly(200, 503, 200, 503, 200, 503);
    assertThat(sandbox.hubspot().injectedFaults())
        .isEqualTo(Map.of(Fault.Kind.SERVER_ERROR, 3L, Fault.Kind.EMPTY_OBJECT, 1L));
    sandbox.hubspot().faults(FaultPlan.none());
    assertThat(sandbox.hubspot().injectedFaults()).isEmpty();
  }

  @Test
  void aSeededChaosPlanReplaysTheSameFaultsAndCountsThem() throws Exception {
    FaultPlan chaos = FaultPlan.chaos(2026, 0.4).withStallMillis(30);
    List<String> first = outcomes(chaos, 60);
    Map<Fault.Kind, Long> firstCounts = sandbox.hubspot().injectedFaults();
    List<String> second = outcomes(chaos, 60);
    assertThat(second).isEqualTo(first);
    assertThat(sandbox.hubspot().injectedFaults()).isEqualTo(firstCounts);
    assertThat(firstCounts.keySet()).hasSizeGreaterThanOrEqualTo(6);
    long injected = firstCounts.values().stream().mapToLong(Long::longValue).sum();
    assertThat(injected).isBetween(12L, 36L);
    assertThat(first.stream().filter(o -> !o.equals("ok")).count())
        .isEqualTo(injected - firstCounts.getOrDefault(Fault.Kind.STALL, 0L));
    assertThat(outcomes(FaultPlan.chaos(2027, 0.4).withStallMillis(30), 60)).isNotEqualTo(first);
    sandbox.hubspot().faults(FaultPlan.none());
  }

  @Test
  void chaosCanBeLimitedToSomeKinds() throws Exception {
    sandbox.hubspot().faults(FaultPlan.none().withChaos(1, 1.0, EnumSet.of(Fault.Kind.EMPTY_OBJECT)));
    assertThat(http.get("/crm/v3/objects/deals?limit=1").body()).isEqualTo("{}");
    assertThat(sandbox.hubspot().injectedFaults()).isEqualTo(Map.of(Fault.Kind.EMPTY_OBJECT, 1L));
    sandbox.hubspot().faults(FaultPlan.none());
  }

  /** What each of n searches saw; POSTs, because the JDK client silently retries a GET whose connection reset. */
  private List<String> outcomes(FaultPlan plan, int n) {
    sandbox.hubspot().faults(plan);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      try {
        HttpResponse<String> r = http.post("/crm/v3/objects/deals/search", "{\"limit\": 1}");
        String retryAfter = r.headers().firstValue("Retry-After").orElse("-");
        if (r.statusCode() != 200) {
          out.add(r.statusCode() + " retry-after " + retryAfter);
        } else if (r.body().equals("{}")) {
          out.add("{}");
        } else {
          JsonNode body = json(r);
          out.add(body.has("results") ? "ok" : "no results");
        }
      } catch (IOException e) {
        out.add(e.getClass().getSimpleName());
      } catch (RuntimeException e) {
        out.add("malformed");
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
    return out;
  }
}
