package io.crmw.sandbox.hubspot;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.crmw.sandbox.SimulatedApi;
import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.faults.FaultPlan;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * HubSpot's public read API, served by WireMock on a free loopback port with gzip off. One catch-all stub hands
 * every request to a transformer that dispatches to {@link HubSpotApi} over the live {@link Business}.
 */
public final class HubSpotSimulator extends SimulatedApi {

  /** Settings of the simulated account. {@code 0} disables a limit. */
  public record Settings(String token, int burstPer10Seconds, int searchPerSecond, int searchResultCap, int port) {
  }

  private final WireMockServer server;
  private final String token;
  private volatile HubSpotApi api;

  private HubSpotSimulator(Business business, Settings settings, FaultPlan plan) {
    super(plan);
    this.token = settings.token();
    this.server = serve(settings.port(), new Router());
    this.api = new HubSpotApi(business, settings.token(), baseUrl(), settings.burstPer10Seconds(),
        settings.searchPerSecond(), settings.searchResultCap());
  }

  public static HubSpotSimulator start(Business business, Settings settings, FaultPlan faults) {
    return new HubSpotSimulator(business, settings, faults);
  }

  /** Base URL to use instead of {@code https://api.hubapi.com}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.port();
  }

  public String token() {
    return token;
  }

  @Override
  public void close() {
    server.stop();
  }

  private final class Router implements ResponseDefinitionTransformerV2 {

    @Override
    public String getName() {
      return "hubspot-router";
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
      Request req = event.getRequest();
      String method = req.getMethod().getName();
      String url = req.getUrl();
      int q = url.indexOf('?');
      String path = q < 0 ? url : url.substring(0, q);
      log.record(method, path);
      io.crmw.sandbox.faults.Fault fault = faults.decide(path);
      ResponseDefinitionBuilder b = ResponseDefinitionBuilder.responseDefinition();
      if (fault.delayMillis() > 0) {
        b.withFixedDelay((int) fault.delayMillis());
      }
      switch (fault.kind()) {
        case CONNECTION_RESET:
          return b.withFault(Fault.CONNECTION_RESET_BY_PEER).build();
        case RATE_LIMIT: {
          ApiResponse r = HubSpotApi.json(429, g -> {
            g.writeStartObject();
            g.writeStringProperty("status", "error");
            g.writeStringProperty("message", "You have reached your ten_secondly_rolling limit.");
            g.writeStringProperty("errorType", "RATE_LIMIT");
            g.writeStringProperty("correlationId", api.correlationId());
            g.writeStringProperty("policyName", "TEN_SECONDLY_ROLLING");
            g.writeEndObject();
          });
          if (fault.retryAfterSeconds() != null) {
            r.headers().put("Retry-After", Integer.toString(fault.retryAfterSeconds()));
          }
          return render(b, r);
        }
        case SERVER_ERROR:
          return render(b, api.error(fault.status(), "INTERNAL_ERROR",
              fault.status() == 500 ? "internal error" : "Service temporarily unavailable"));
        default:
          break;
      }
      ApiResponse r = api.handle(method, path, query(url, q), req.getHeader("Authorization"), req.getBody());
      if (fault.kind() == io.crmw.sandbox.faults.Fault.Kind.MALFORMED_BODY) {
        byte[] truncated = Arrays.copyOf(r.body(), Math.max(1, r.body().length / 2));
        r = new ApiResponse(200, r.headers(), truncated);
      }
      return render(b, r);
    }

    private ResponseDefinition render(ResponseDefinitionBuilder b, ApiResponse r) {
      List<HttpHeader> headers = new ArrayList<>();
      headers.add(new HttpHeader("Content-Type", "application/json;charset=utf-8"));
      r.headers().forEach((k, v) -> headers.add(new HttpHeader(k, v)));
      return b.withStatus(r.status()).withHeaders(new HttpHeaders(headers)).withBody(r.body()).build();
    }
  }

  private static Map<String, String> query(String url, int q) {
    Map<String, String> out = new HashMap<>();
    if (q < 0) {
      return out;
    }
    for (String pair : url.substring(q + 1).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.merge(k, v, (a, c) -> a + "," + c); // repeated ?properties=a&properties=b are accepted too
    }
    return out;
  }
}
