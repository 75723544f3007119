package io.crmw.sandbox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.crmw.sandbox.faults.Fault;
import io.crmw.sandbox.faults.FaultInjector;
import io.crmw.sandbox.faults.FaultPlan;
import io.crmw.sandbox.hubspot.RequestLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What every simulated CRM API has in common: a WireMock server on a loopback port whose one catch-all stub hands
 * each request to one router (log it, apply the fault plan, dispatch to the vendor), a count of the requests served,
 * and a runtime-replaceable fault plan. A vendor supplies {@link #dispatch} and its own wording of the two injected
 * failures ({@link #injectedRateLimit}, {@link #injectedServerError}); the other faults (resets, stalls, empty and
 * broken bodies) are the same for every vendor.
 */
public abstract class SimulatedApi implements AutoCloseable {

  /** One request as the router hands it to the vendor: header names lower-cased, first value of each. */
  public record Call(String method, String path, String rawQuery, Map<String, String> headers, byte[] body) {

    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** Query parameters; the values of a repeated name joined by commas ({@code ?properties=a&properties=b}). */
    public Map<String, String> query() {
      return params(rawQuery, true);
    }

    public String bodyText() {
      return body == null ? "" : new String(body, StandardCharsets.UTF_8);
    }
  }

  /** A rendered answer before transport; the router sends the headers in this order. */
  public record Reply(int status, Map<String, String> headers, byte[] body) {
  }

  /** A request the vendor refuses with this status and message, worded by the vendor where it is caught. */
  public static class Refused extends RuntimeException {
    public final int status;

    public Refused(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  private static final JsonMapper JSON = JsonMapper.builder().build();

  protected final RequestLog log = new RequestLog();
  protected final FaultInjector faults;
  private WireMockServer server;

  protected SimulatedApi(FaultPlan plan) {
    this.faults = new FaultInjector(plan);
  }

  /** The vendor's answer to a request that the fault plan let through. */
  protected abstract Reply dispatch(Call call);

  /** The vendor's answer to an injected rate limit, short or long ({@code fault.retryAfterHeader()}). */
  protected abstract Reply injectedRateLimit(Fault fault);

  /** The vendor's answer to an injected server error ({@code fault.status()}: 500, 502 or 503). */
  protected abstract Reply injectedServerError(Fault fault);

  /**
   * The source settings that reach this simulator, as a user would write them in a source of its type (e.g.
   * {@code base-url}, {@code api-token}); sandbox credentials are not secret, so they are given as they are.
   */
  public abstract Map<String, String> connectionSettings();

  /** {@code ("base-url", url, "token", t)} as a map in that order. */
  protected static Map<String, String> settings(String... keysAndValues) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      out.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return Collections.unmodifiableMap(out);
  }

  /** Settings of the simulator's other auth flows (an OAuth refresh token, a JWT user), for printing. */
  public Map<String, String> otherAuthSettings() {
    return Map.of();
  }

  /**
   * Starts WireMock on 127.0.0.1 (port 0: a free one), gzip off, every request routed through {@link #route}; call
   * once, from the vendor's constructor, when {@link #dispatch} is ready to answer.
   */
  protected WireMockServer serve(int port, String routerName) {
    server = new WireMockServer(options()
        .bindAddress("127.0.0.1")
        .port(port)
        .gzipDisabled(true)
        .templatingEnabled(false)
        .extensionScanningEnabled(false)
        .disableRequestJournal()
        .jettyStopTimeout(100L)
        .stubRequestLoggingDisabled(true)
        .containerThreads(24)
        .extensions(new Router(routerName)));
    server.start();
    server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500)));
    return server;
  }

  private ResponseDefinition route(Request req) {
    String method = req.getMethod().getName();
    String url = req.getUrl();
    int q = url.indexOf('?');
    String path = q < 0 ? url : url.substring(0, q);
    log.record(method, path);
    Fault fault = faults.decide(path);
    ResponseDefinitionBuilder b = ResponseDefinitionBuilder.responseDefinition();
    if (fault.delayMillis() > 0) {
      b.withFixedDelay((int) fault.delayMillis());
    }
    switch (fault.kind()) {
      case CONNECTION_RESET:
        return b.withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER).build();
      case RATE_LIMIT:
      case LONG_RETRY_AFTER:
        return render(b, injectedRateLimit(fault));
      case SERVER_ERROR:
        return render(b, injectedServerError(fault));
      case EMPTY_OBJECT:
        return render(b, json(200, Map.of(), Map.of()));
      default:
        break;
    }
    Map<String, String> headers = new HashMap<>();
    for (HttpHeader h : req.getHeaders().all()) {
      headers.put(h.key().toLowerCase(Locale.ROOT), h.firstValue());
    }
    Reply r = dispatch(new Call(method, path, q < 0 ? "" : url.substring(q + 1), headers, req.getBody()));
    if (fault.kind() == Fault.Kind.MALFORMED_BODY) {
      r = new Reply(200, r.headers(), Arrays.copyOf(r.body(), Math.max(1, r.body().length / 2)));
    } else if (fault.kind() == Fault.Kind.EMPTY_DATA) {
      r = json(200, withoutRecords(r.body()), Map.of());
    }
    return render(b, r);
  }

  /** The answer's envelope without its records: every top-level array removed; {@code {}} if it is not an object. */
  private static Object withoutRecords(byte[] body) {
    try {
      if (JSON.readTree(body) instanceof ObjectNode envelope) {
        return envelope.without(envelope.properties().stream().filter(e -> e.getValue().isArray())
            .map(Map.Entry::getKey).toList());
      }
    } catch (JacksonException notJson) {
      // CSV and the like: answered as {}
    }
    return Map.of();
  }

  /** A JSON object on the class path ({@code /pipedrive/reference.json}): a vendor's fixed reference lists. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> resource(String path) {
    try (InputStream in = SimulatedApi.class.getResourceAsStream(path)) {
      return JSON.readValue(Objects.requireNonNull(in, path), Map.class);
    } catch (IOException e) {
      throw new UncheckedIOException(path, e);
    }
  }

  /** A JSON object of {@code ("id", 1, "name", null)}: keys in that order, values as they are (null kept). */
  public static Map<String, Object> object(Object... keysAndValues) {
    Map<String, Object> j = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      j.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return j;
  }

  /** {@code body} as JSON, headers {@code Content-Type: application/json; charset=utf-8} then {@code headers}. */
  public static Reply json(int status, Object body, Map<String, String> headers) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("Content-Type", "application/json; charset=utf-8");
    all.putAll(headers);
    return new Reply(status, all, JSON.writeValueAsBytes(body));
  }

  private static ResponseDefinition render(ResponseDefinitionBuilder b, Reply r) {
    List<HttpHeader> headers = new ArrayList<>();
    r.headers().forEach((k, v) -> headers.add(new HttpHeader(k, v)));
    return b.withStatus(r.status()).withHeaders(new HttpHeaders(headers)).withBody(r.body()).build();
  }

  private final class Router implements ResponseDefinitionTransformerV2 {

    private final String name;

    Router(String name) {
      this.name = name;
    }

    @Override
    public String getName() {
      return name;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
      return route(event.getRequest());
    }
  }

  /**
   * Decodes {@code a=1&b=2} (a query string or a form body); a repeated name keeps its last value, or with
   * {@code joinRepeated} all values joined by commas.
   */
  public static Map<String, String> params(String encoded, boolean joinRepeated) {
    Map<String, String> out = new HashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return out;
    }
    for (String pair : encoded.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      if (joinRepeated) {
        out.merge(k, v, (a, c) -> a + "," + c);
      } else {
        out.put(k, v);
      }
    }
    return out;
  }

  /** The simulator's address, {@code http://127.0.0.1:<port>}: the vendor's API host (and login host) in one. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.port();
  }

  @Override
  public void close() {
    server.stop();
  }

  /** Requests served for one method and path (no query string), e.g. {@code ("GET", "/crm/v3/objects/deals")}. */
  public long requests(String method, String path) {
    return log.count(method, path);
  }

  /** All requests served since the last reset. */
  public long requests() {
    return log.total();
  }

  /** Requests of any method whose path starts with the prefix. */
  public long requestsStartingWith(String pathPrefix) {
    return log.countStartingWith(pathPrefix);
  }

  /** Counts per "METHOD /path". */
  public SortedMap<String, Long> requestLog() {
    return log.snapshot();
  }

  public void resetRequestLog() {
    log.reset();
  }

  /** Replaces the fault plan at runtime; its request numbers, chaos sequence and injected counts restart. */
  public void faults(FaultPlan plan) {
    faults.plan(plan);
  }

  public FaultPlan faults() {
    return faults.plan();
  }

  /** Faults injected since the fault plan was set, by kind (kinds never injected are absent). */
  public Map<Fault.Kind, Long> injectedFaults() {
    return faults.injected();
  }
}
