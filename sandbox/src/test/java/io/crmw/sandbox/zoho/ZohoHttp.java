package io.crmw.sandbox.zoho;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What a Zoho connector would send, with no code shared with one: a refreshed token as Zoho-oauthtoken. */
final class ZohoHttp {

  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private final String apiDomain;
  private final String authorization;

  ZohoHttp(String apiDomain, String authorization) {
    this.apiDomain = apiDomain;
    this.authorization = authorization;
  }

  /** Refreshes a token with the simulator's advertised settings (form body) and sends it as Zoho-oauthtoken. */
  static ZohoHttp connect(ZohoSimulator zoho) throws IOException, InterruptedException {
    JsonNode token = JSON.readTree(refresh(zoho.connectionSettings(), false).body());
    return new ZohoHttp(token.path("api_domain").asString(), "Zoho-oauthtoken " + token.path("access_token").asString());
  }

  static HttpResponse<String> refresh(Map<String, String> settings, boolean inQuery)
      throws IOException, InterruptedException {
    String params = Map.of("grant_type", "refresh_token", "client_id", settings.get("client-id"),
            "client_secret", settings.get("client-secret"), "refresh_token", settings.get("refresh-token"))
        .entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    String url = settings.get("accounts-url") + "/oauth/v2/token" + (inQuery ? "?" + params : "");
    return CLIENT.send(HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(inQuery ? "" : params)).build(), HttpResponse.BodyHandlers.ofString());
  }

  ZohoHttp withAuthorization(String value) {
    return new ZohoHttp(apiDomain, value);
  }

  HttpResponse<String> get(String pathAndQuery, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(apiDomain + "/crm/v8/" + pathAndQuery)).GET();
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  JsonNode json(String pathAndQuery, String... headers) throws IOException, InterruptedException {
    HttpResponse<String> r = get(pathAndQuery, headers);
    if (r.statusCode() != 200) {
      throw new AssertionError(pathAndQuery + " answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  /** Every record of a module, following {@code info.next_page_token}; {@code query} without page or token. */
  List<JsonNode> all(String module, String query) throws IOException, InterruptedException {
    List<JsonNode> out = new ArrayList<>();
    String token = null;
    do {
      HttpResponse<String> r = get(module + "?" + query + (token == null ? "" : "&page_token=" + token));
      if (r.statusCode() == 204) {
        return out;
      }
      JsonNode page = JSON.readTree(r.body());
      if (r.statusCode() != 200) {
        throw new AssertionError(module + " answered " + r.statusCode() + ": " + r.body());
      }
      page.path("data").forEach(out::add);
      JsonNode next = page.path("info").path("next_page_token");
      token = page.path("info").path("more_records").asBoolean() ? next.asString() : null;
    } while (token != null);
    return out;
  }
}
