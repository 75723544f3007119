package io.crmw.sandbox.pipedrive;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What a Pipedrive connector would send, with no code shared with one: x-api-token, or a bearer token. */
final class PdHttp {

  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private final String baseUrl;
  private final String header;
  private final String value;

  private PdHttp(String baseUrl, String header, String value) {
    this.baseUrl = baseUrl;
    this.header = header;
    this.value = value;
  }

  static PdHttp apiToken(PipedriveSimulator pd) {
    return new PdHttp(pd.baseUrl(), "x-api-token", pd.apiToken());
  }

  static PdHttp bearer(String baseUrl, String accessToken) {
    return new PdHttp(baseUrl, "Authorization", "Bearer " + accessToken);
  }

  static PdHttp anonymous(String baseUrl) {
    return new PdHttp(baseUrl, null, null);
  }

  HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).GET();
    if (header != null) {
      b.header(header, value);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  JsonNode json(String pathAndQuery) throws IOException, InterruptedException {
    HttpResponse<String> r = get(pathAndQuery);
    if (r.statusCode() != 200) {
      throw new AssertionError(pathAndQuery + " answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  /** Every record of a v2 list, following {@code next_cursor}; {@code query} without cursor. */
  List<JsonNode> all(String path, String query) throws IOException, InterruptedException {
    List<JsonNode> out = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page = json(path + "?" + query + (cursor == null ? "" : "&cursor=" + cursor));
      page.path("data").forEach(out::add);
      JsonNode next = page.path("additional_data").path("next_cursor");
      cursor = next.isNull() || next.isMissingNode() ? null : next.asString();
    } while (cursor != null);
    return out;
  }

  static JsonNode json(HttpResponse<String> r) {
    return JSON.readTree(r.body());
  }

  static HttpResponse<String> postForm(String url, String basicAuth, String form)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form));
    if (basicAuth != null) {
      b.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(basicAuth.getBytes()));
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
