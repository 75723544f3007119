package io.crmw.sandbox.zendesk;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What a Zendesk client would send, with no code shared with a connector: one Authorization header per call. */
final class ZendeskHttp {

  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private final String baseUrl;
  private final String authorization;

  ZendeskHttp(String baseUrl, String authorization) {
    this.baseUrl = baseUrl;
    this.authorization = authorization;
  }

  /** Support with the agent's API token: Basic base64("{email}/token:{api-token}"). */
  static ZendeskHttp apiToken(ZendeskSupportSimulator zd) {
    var s = zd.connectionSettings();
    return new ZendeskHttp(s.get("base-url"), "Basic " + Base64.getEncoder().encodeToString((s.get("email")
        + "/token:" + s.get("api-token")).getBytes(StandardCharsets.UTF_8)));
  }

  /** Sell with its access token as a bearer. */
  static ZendeskHttp sell(ZendeskSellSimulator sell) {
    var s = sell.connectionSettings();
    return new ZendeskHttp(s.get("base-url"), "Bearer " + s.get("token"));
  }

  ZendeskHttp withAuthorization(String value) {
    return new ZendeskHttp(baseUrl, value);
  }

  HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(pathAndQuery.startsWith("http") ? pathAndQuery
        : baseUrl + pathAndQuery)).GET();
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> postJson(String path, String body) throws IOException, InterruptedException {
    return CLIENT.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  JsonNode json(String pathAndQuery) throws IOException, InterruptedException {
    HttpResponse<String> r = get(pathAndQuery);
    if (r.statusCode() != 200) {
      throw new AssertionError(pathAndQuery + " answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }
}
