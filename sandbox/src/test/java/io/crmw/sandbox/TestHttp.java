package io.crmw.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A tiny HTTP client for the tests: what a connector would send, with no code shared with one. */
final class TestHttp {

  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private final String baseUrl;
  private final String token;

  TestHttp(Sandbox sandbox) {
    this(sandbox.hubspot().baseUrl(), sandbox.hubspot().token());
  }

  TestHttp(String baseUrl, String token) {
    this.baseUrl = baseUrl;
    this.token = token;
  }

  HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
    return get(pathAndQuery, Duration.ofSeconds(30));
  }

  /** A GET that gives up (HttpTimeoutException) when no answer has begun within {@code timeout}. */
  HttpResponse<String> get(String pathAndQuery, Duration timeout) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(timeout).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> r) {
    return JSON.readTree(r.body());
  }
}
