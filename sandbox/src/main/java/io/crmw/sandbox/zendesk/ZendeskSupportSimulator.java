package io.crmw.sandbox.zendesk;

import io.crmw.sandbox.AccessTokens;
import io.crmw.sandbox.DerivedViews;
import io.crmw.sandbox.Paging;
import io.crmw.sandbox.Paging.Row;
import io.crmw.sandbox.RollingWindow;
import io.crmw.sandbox.SimulatedApi;
import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.faults.Fault;
import io.crmw.sandbox.faults.FaultPlan;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;

/**
 * Zendesk Support's documented API (crm-apis.md §4A, docs/zendesk.md) for the help desk's share of a split
 * {@link Business} (every ticket, its requesters and their organizations, see {@code CrmSplit}), on its own loopback
 * port, which stands in for {@code https://{subdomain}.zendesk.com}. Auth: an API token ({@code Basic
 * base64("{email}/token:{api_token}")}) or an OAuth bearer from {@code POST /oauth/tokens} (refresh grant; every
 * refresh rotates the refresh token and the old one is refused; access tokens expire after 30 minutes). Reads:
 * <ul>
 *   <li>cursor exports {@code /api/v2/incremental/tickets/cursor.json} and {@code …/users/cursor.json}
 *       ({@code start_time} first, then {@code cursor}; {@code per_page} ≤ 1,000; deleted tickets as
 *       {@code status: "deleted"})</li>
 *   <li>the time-based export {@code /api/v2/incremental/organizations.json} (pages overlap on their last second; a
 *       page whose items all share one second takes every item of it and ends one second later)</li>
 *   <li>cursor lists ({@code page[size]} ≤ 100, {@code page[after]}): ticket_fields, satisfaction_ratings
 *       ({@code start_time}, {@code end_time}, {@code score}), ticket_metrics, groups, brands</li>
 * </ul>
 * Exports leave out the most recent minute and refuse a {@code start_time} inside it (422). Limits: 200 requests a
 * minute per account, 10 export requests a minute (30 with the High Volume add-on), both 429 with
 * {@code Retry-After}. Faults come from the shared {@link FaultPlan}.
 */
public final class ZendeskSupportSimulator extends SimulatedApi {

  /** The account: an agent's API token, the OAuth client and its first refresh token, limits (0: off), port. */
  public record Settings(String email, String apiToken, String clientId, String clientSecret, String refreshToken,
                         int requestsPerMinute, int exportsPerMinute, int port) {

    /** Team plan (what the connector budgets by default): 200 requests a minute, 10 export requests a minute. */
    public static Settings defaults() {
      return new Settings("sandbox.agent@example.com", "zd-sandbox-api-token-6wK3pQ9tV2xR8mB4", "crmw_sandbox",
          "zd-sandbox-client-secret-0a7f3c9e", "zdrt-sandbox-initial-refresh-token", 200, 10, 0);
    }

    public Settings withLimits(int perMinute, int exportsPerMinute) {
      return new Settings(email, apiToken, clientId, clientSecret, refreshToken, perMinute, exportsPerMinute, port);
    }
  }

  static final int MAX_EXPORT_PAGE = 1_000;
  static final int MAX_LIST_PAGE = 100;
  /** Exports leave out changes of the most recent minute and refuse a start_time inside it. */
  static final Duration EXPORT_DELAY = Duration.ofMinutes(1);
  static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(30);
  private static final Paging.Keyset<Row> EXPORT = Paging.Keyset.ofRows("id", "created_at", "generated_timestamp");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Business business;
  private final Settings settings;
  private final DerivedViews<Long> views;
  private final SupportRecords records;
  private final MovableClock clock = new MovableClock();
  private final AccessTokens accessTokens = new AccessTokens(clock);
  private final AtomicReference<String> refreshToken;
  private final AtomicLong issued = new AtomicLong();
  private final RollingWindow perMinute;
  private final RollingWindow exports;

  private ZendeskSupportSimulator(Business business, Settings settings, FaultPlan plan) {
    super(plan);
    this.business = business;
    this.settings = settings;
    this.views = new DerivedViews<>(business);
    this.refreshToken = new AtomicReference<>(settings.refreshToken());
    this.perMinute = new RollingWindow(settings.requestsPerMinute(), 60_000, clock::millis);
    this.exports = new RollingWindow(settings.exportsPerMinute(), 60_000, clock::millis);
    serve(settings.port(), "zendesk-support-router");
    this.records = new SupportRecords(business, views, baseUrl());
  }

  public static ZendeskSupportSimulator start(Business business, Settings settings, FaultPlan faults) {
    return new ZendeskSupportSimulator(business, settings, faults);
  }

  @Override
  public Map<String, String> connectionSettings() {
    return settings("base-url", baseUrl(), "email", settings.email(), "api-token", settings.apiToken());
  }

  /** The OAuth client and the refresh token that is valid now (it changes with every refresh). */
  @Override
  public Map<String, String> otherAuthSettings() {
    return settings("client-id", settings.clientId(), "client-secret", settings.clientSecret(), "refresh-token",
        refreshToken.get());
  }

  public Settings settings() {
    return settings;
  }

  /**
   * Moves the simulator's clock forward: past the export delay, a token's expiry or a rate window, without waiting.
   * Changes made to the business afterwards carry the real time, so advance after mutating, not before.
   */
  public void advanceClock(Duration d) {
    clock.advance(d);
  }

  public void expireAccessTokens() {
    accessTokens.expireAll();
  }

  // ---- ids and mutations ----

  /** The Zendesk id of a business ticket. */
  public static long ticketId(String businessTicketId) {
    return SupportRecords.id(SupportRecords.Kind.TICKET, businessTicketId);
  }

  /** The Zendesk id of a business contact (an end-user). */
  public static long userId(String businessContactId) {
    return SupportRecords.id(SupportRecords.Kind.USER, businessContactId);
  }

  /** The Zendesk id of a business company (an organization). */
  public static long organizationId(String businessCompanyId) {
    return SupportRecords.id(SupportRecords.Kind.ORGANIZATION, businessCompanyId);
  }

  /** Deletes a ticket as an agent would: the export lists it with {@code status: "deleted"}. */
  public void deleteTicket(long zendeskTicketId) {
    business.deleteTicket(heldTicket(zendeskTicketId).id());
  }

  /** Solves a ticket: {@code status: "solved"}, a metric {@code solved_at} and a satisfaction rating. */
  public void solveTicket(long zendeskTicketId) {
    business.solveTicket(heldTicket(zendeskTicketId).id());
  }

  private io.crmw.sandbox.business.Ticket heldTicket(long zendeskTicketId) {
    return records.ticket(zendeskTicketId)
        .orElseThrow(() -> new IllegalArgumentException("Zendesk Support holds no ticket " + zendeskTicketId));
  }

  // ---- the router ----

  @Override
  protected Reply dispatch(Call call) {
    if (call.path().equals("/oauth/tokens")) {
      return call.method().equals("POST") ? token(call) : error(405, "MethodNotAllowed", "use POST", Map.of());
    }
    if (!authenticated(call.header("Authorization"))) {
      return json(401, object("error", "Couldn't authenticate you"), Map.of());
    }
    int remaining = perMinute.tryAcquire();
    if (remaining < 0) {
      return error(429, "APIRateLimitExceeded", "Number of allowed API requests per minute exceeded",
          Map.of("Retry-After", Long.toString(perMinute.secondsToReset())));
    }
    Map<String, String> headers = perMinute.max() <= 0 ? Map.of() : Map.of("X-Rate-Limit",
        Integer.toString(perMinute.max()), "X-Rate-Limit-Remaining", Integer.toString(remaining));
    if (call.path().startsWith("/api/v2/incremental/") && exports.tryAcquire() < 0) {
      return error(429, "APIRateLimitExceeded", "Number of allowed incremental export API requests per minute "
          + "exceeded", Map.of("Retry-After", Long.toString(exports.secondsToReset())));
    }
    if (!call.method().equals("GET")) {
      return error(403, "Forbidden", "You do not have access to this page. Only reads are simulated.", headers);
    }
    try {
      return json(200, route(call), headers);
    } catch (ZendeskError e) {
      return error(e.status, e.code, e.getMessage(), headers);
    } catch (RuntimeException e) { // a simulator bug, answered as Zendesk answers its own
      return error(500, "InternalServerError", e.toString(), headers);
    }
  }

  private boolean authenticated(String auth) {
    if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String user = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
        return user.equals(settings.email() + "/token:" + settings.apiToken());
      } catch (IllegalArgumentException notBase64) {
        return false;
      }
    }
    return accessTokens.valid(auth, "Bearer");
  }

  private Map<String, Object> route(Call call) {
    String path = call.path().endsWith(".json") && !call.path().endsWith("/cursor.json")
        ? call.path().substring(0, call.path().length() - 5) : call.path();
    Map<String, String> q = call.query();
    return switch (path) {
      case "/api/v2/incremental/tickets/cursor.json" -> cursorExport("tickets", records.tickets(), call);
      case "/api/v2/incremental/users/cursor.json" -> cursorExport("users", records.users(), call);
      case "/api/v2/incremental/organizations" -> timeExport("organizations", records.organizations(), call);
      case "/api/v2/ticket_fields" -> list("ticket_fields", records.ticketFields(), call);
      case "/api/v2/ticket_metrics" -> list("ticket_metrics", records.metrics(), call);
      case "/api/v2/groups" -> list("groups", records.groups(), call);
      case "/api/v2/brands" -> list("brands", records.brands(), call);
      case "/api/v2/satisfaction_ratings" -> {
        Long start = optionalNumber(q, "start_time");
        Long end = optionalNumber(q, "end_time");
        String score = q.getOrDefault("score", "");
        Set<String> scores = switch (score) {
          case "", "all" -> Set.of("good", "bad", "offered");
          case "received" -> Set.of("good", "bad");
          case "good", "bad", "offered" -> Set.of(score);
          default -> throw new ZendeskError(400, "InvalidValue", "score must be one of good, bad, offered, "
              + "received");
        };
        Predicate<Row> keep = r -> scores.contains((String) r.fields().get("score"))
            && (start == null || r.created().getEpochSecond() >= start)
            && (end == null || r.created().getEpochSecond() < end);
        yield list("satisfaction_ratings", records.ratings().stream().filter(keep).toList(), call);
      }
      default -> throw new ZendeskError(404, "InvalidEndpoint", "Not found");
    };
  }

  /** A cursor export: {@code start_time} on the first call, then {@code cursor}; the newest minute left out. */
  private Map<String, Object> cursorExport(String key, List<Row> rows, Call call) {
    Map<String, String> q = call.query();
    int perPage = perPage(q, "per_page", MAX_EXPORT_PAGE, MAX_EXPORT_PAGE);
    String cursor = q.get("cursor");
    Instant since = null;
    if (cursor == null || cursor.isBlank()) {
      cursor = null;
      since = Instant.ofEpochSecond(startTime(q));
    }
    Paging.Page<Row> page;
    try {
      page = EXPORT.page(rows, new Paging.KeysetQuery("generated_timestamp", false, cursor, perPage, since,
          exportEnd(), Map.of()));
    } catch (IllegalArgumentException e) {
      throw new ZendeskError(400, "InvalidPaginationParameter", "cursor is not valid; resume from a saved "
          + "after_cursor");
    }
    List<Row> items = page.items();
    String after = page.nextToken() != null ? page.nextToken()
        : !items.isEmpty() ? EXPORT.after("generated_timestamp", items.get(items.size() - 1))
        : cursor != null ? cursor : Paging.Keyset.after("generated_timestamp", false, since.getEpochSecond() - 1,
            Long.MAX_VALUE);
    String afterUrl = baseUrl() + call.path() + "?cursor=" + URLEncoder.encode(after, StandardCharsets.UTF_8)
        + (q.containsKey("per_page") ? "&per_page=" + perPage : "");
    return object(key, items.stream().map(Row::fields).toList(), "after_url", afterUrl, "after_cursor", after,
        "before_url", null, "before_cursor", null, "end_of_stream", page.nextToken() == null);
  }

  /**
   * A time-based export: items updated at or after {@code start_time}, oldest first; {@code end_time} is the last
   * item's second and the next page starts there, so that second's items repeat. A full page within one second
   * takes every item of that second and ends one second later, so the export always advances.
   */
  private Map<String, Object> timeExport(String key, List<Row> rows, Call call) {
    Map<String, String> q = call.query();
    int perPage = perPage(q, "per_page", MAX_EXPORT_PAGE, MAX_EXPORT_PAGE);
    long start = startTime(q);
    Instant end = exportEnd();
    List<Row> due = rows.stream().filter(r -> r.updated().getEpochSecond() >= start && r.updated().isBefore(end))
        .sorted(Comparator.comparing(Row::updated).thenComparingLong(Row::id)).toList();
    List<Row> page = new ArrayList<>(due.subList(0, Math.min(perPage, due.size())));
    long endTime = page.isEmpty() ? start : page.get(page.size() - 1).updated().getEpochSecond();
    if (page.size() == perPage && page.get(0).updated().getEpochSecond() == endTime) {
      page = due.stream().filter(r -> r.updated().getEpochSecond() == endTime).collect(Collectors.toList());
    }
    boolean oneSecond = !page.isEmpty() && page.size() >= perPage
        && page.get(0).updated().getEpochSecond() == endTime;
    long next = oneSecond ? endTime + 1 : endTime;
    boolean endOfStream = page.size() == due.size() || page.size() < perPage;
    return object(key, page.stream().map(Row::fields).toList(), "next_page", baseUrl() + call.path()
            + "?start_time=" + next + (q.containsKey("per_page") ? "&per_page=" + perPage : ""),
        "count", page.size(), "end_time", next, "end_of_stream", endOfStream);
  }

  private Instant exportEnd() {
    return clock.instant().minus(EXPORT_DELAY);
  }

  private long startTime(Map<String, String> q) {
    Long start = optionalNumber(q, "start_time");
    if (start == null) {
      throw new ZendeskError(400, "InvalidValue", "start_time is required on the first request; later requests "
          + "follow the cursor or next_page");
    }
    if (start > exportEnd().getEpochSecond()) {
      throw new ZendeskError(422, "StartTimeTooRecent", "Too recent start_time. Use a start_time older than 1 "
          + "minute");
    }
    return start;
  }

  /** A cursor-paged list ({@code page[size]}, {@code page[after]}), by id. */
  private Map<String, Object> list(String key, List<Row> rows, Call call) {
    Map<String, String> q = call.query();
    int size = perPage(q, "page[size]", MAX_LIST_PAGE, MAX_LIST_PAGE);
    String after = q.get("page[after]");
    Paging.Page<Row> page;
    try {
      page = EXPORT.page(rows, new Paging.KeysetQuery("id", false, after == null || after.isBlank() ? null : after,
          size, null, null, Map.of()));
    } catch (IllegalArgumentException e) {
      throw new ZendeskError(400, "InvalidPaginationParameter", "page[after] is not a cursor of this list");
    }
    List<Row> items = page.items();
    String afterCursor = items.isEmpty() ? null : EXPORT.after("id", items.get(items.size() - 1));
    Map<String, String> keep = new LinkedHashMap<>(q);
    keep.keySet().removeIf(k -> k.startsWith("page["));
    String others = keep.entrySet().stream().map(e -> "&" + e.getKey() + "="
        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining());
    return object(key, items.stream().map(Row::fields).toList(), "meta", object("has_more",
        page.nextToken() != null, "after_cursor", afterCursor, "before_cursor", null), "links", object("next",
        page.nextToken() == null ? null : baseUrl() + call.path() + "?page%5Bafter%5D="
            + URLEncoder.encode(afterCursor, StandardCharsets.UTF_8) + "&page%5Bsize%5D=" + size + others,
        "prev", null));
  }

  private static int perPage(Map<String, String> q, String name, int dflt, int max) {
    Long v = optionalNumber(q, name);
    if (v != null && (v < 1 || v > max)) {
      throw new ZendeskError(400, "InvalidPaginationParameter", name + " must be between 1 and " + max);
    }
    return v == null ? dflt : v.intValue();
  }

  private static Long optionalNumber(Map<String, String> q, String name) {
    String v = q.get(name);
    return v == null || v.isBlank() ? null : Paging.number(q, name, 0, bad -> new ZendeskError(400, "InvalidValue",
        name + " must be a whole number, not '" + bad + "'"));
  }

  // ---- OAuth ----

  /**
   * {@code POST /oauth/tokens}, a JSON or form body: the refresh grant. Rotates: the answer carries a new refresh
   * token and the one sent is refused from then on.
   */
  private Reply token(Call call) {
    Map<String, String> form = new LinkedHashMap<>();
    String body = call.bodyText().trim();
    if (body.startsWith("{")) {
      JSON.readTree(body).properties().forEach(e -> form.put(e.getKey(), e.getValue().asString()));
    } else {
      form.putAll(params(body, false));
    }
    String encoded = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(String.valueOf(
        e.getValue()), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    synchronized (refreshToken) {
      AccessTokens.Grant grant = AccessTokens.refreshGrant(new Call(call.method(), call.path(), "", call.headers(),
          encoded.getBytes(StandardCharsets.UTF_8)), settings.clientId(), settings.clientSecret(), refreshToken.get());
      if (grant != AccessTokens.Grant.GRANTED) {
        String error = grant.name().toLowerCase(java.util.Locale.ROOT);
        return json(grant == AccessTokens.Grant.INVALID_CLIENT ? 401 : 400, object("error", error,
            "error_description", grant == AccessTokens.Grant.INVALID_GRANT ? "The provided authorization grant is "
                + "invalid, expired, revoked, or was issued to another client." : "Client authentication failed or "
                + "the grant type is not supported."), Map.of());
      }
      long n = issued.incrementAndGet();
      String access = Paging.token("zd-access:" + n + ":" + clock.millis());
      String refresh = "zdrt-" + Paging.token("zd-refresh:" + n + ":" + clock.millis());
      refreshToken.set(refresh);
      accessTokens.issue(access, ACCESS_TOKEN_LIFETIME);
      return json(200, object("access_token", access, "refresh_token", refresh, "token_type", "bearer",
          "scope", "read", "expires_in", ACCESS_TOKEN_LIFETIME.toSeconds(), "refresh_token_expires_in",
          Duration.ofDays(30).toSeconds()), Map.of());
    }
  }

  // ---- rendering ----

  /** A refusal in Zendesk's words: status, {@code error} and {@code description}. */
  static final class ZendeskError extends Refused {
    final String code;

    ZendeskError(int status, String code, String description) {
      super(status, description);
      this.code = code;
    }
  }

  @Override
  protected Reply injectedRateLimit(Fault fault) {
    return json(429, object("error", "APIRateLimitExceeded", "description", "Number of allowed API requests per "
        + "minute exceeded"), fault.retryAfterHeader());
  }

  @Override
  protected Reply injectedServerError(Fault fault) {
    return json(fault.status(), object("error", "InternalServerError", "description", "Internal Server Error"),
        Map.of());
  }

  private static Reply error(int status, String code, String description, Map<String, String> headers) {
    return json(status, object("error", code, "description", description), headers);
  }
}
