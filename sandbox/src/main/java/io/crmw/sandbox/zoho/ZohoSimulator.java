package io.crmw.sandbox.zoho;

import io.crmw.sandbox.AccessTokens;
import io.crmw.sandbox.DailyBudget;
import io.crmw.sandbox.DerivedViews;
import io.crmw.sandbox.Paging;
import io.crmw.sandbox.Paging.Row;
import io.crmw.sandbox.RollingWindow;
import io.crmw.sandbox.SimulatedApi;
import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.BusinessGenerator;
import io.crmw.sandbox.business.Deal;
import io.crmw.sandbox.business.Pipeline;
import io.crmw.sandbox.faults.Fault;
import io.crmw.sandbox.faults.FaultPlan;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Zoho CRM's documented read API v8 (crm-apis.md §3, docs/zoho.md) for Zoho's share of a split {@link Business}
 * (the field-sales deals, see {@code CrmSplit}), on its own loopback port, which is both the accounts server
 * ({@code POST /oauth/v2/token}, refresh grant) and the {@code api_domain} ({@code /crm/v8/...}). Calls need
 * {@code Authorization: Zoho-oauthtoken <token>} ({@code Bearer} is refused). Record lists: {@code fields=}
 * mandatory (≤ 50), {@code per_page} ≤ 200, {@code page} up to 2,000 records then {@code page_token},
 * {@code sort_by}/{@code sort_order}, {@code If-Modified-Since} (records modified at or after it; 304 when none), 204
 * for an empty list. Limits: calls in flight per edition (429 {@code TOO_MANY_REQUESTS}; a per-second burst window
 * can be added for fault tests) and daily API credits, one per call (429 {@code LIMIT_REACHED} once spent). Faults come from the shared {@link FaultPlan}.
 */
public final class ZohoSimulator extends SimulatedApi {

  /** The simulated org's OAuth client and limits; {@code burstPerSecond} and {@code dailyCredits} of 0 are off. */
  public record Settings(String clientId, String clientSecret, String refreshToken, int burstPerSecond,
                         long dailyCredits, int concurrency, int port) {

    /**
     * Standard edition, 10 users: 50,000 + 250 × 10 credits a day and 10 calls in flight; no per-second window (Zoho
     * documents none; {@code burstPerSecond} is a knob for fault tests).
     */
    public static Settings defaults() {
      return new Settings("1000.SANDBOXZOHOCLIENT7Q2W9E4R6T", "sandbox-zoho-client-secret",
          "1000.5d1f0c3a9b8e7d6c5b4a39281706f5e4.a1b2c3d4e5f60718293a4b5c6d7e8f90", 0, 52_500, 10, 0);
    }

    /** A per-second burst window and daily credits; 0 turns either off (0, 0 also lifts the concurrency cap). */
    public Settings withLimits(int burst, long credits) {
      return new Settings(clientId, clientSecret, refreshToken, burst, credits,
          burst == 0 && credits == 0 ? 0 : concurrency, port);
    }
  }

  static final int MAX_FIELDS = 50;
  static final int MAX_PER_PAGE = 200;
  static final int PAGE_NUMBERING_LIMIT = 2_000;
  private static final Paging.Keyset<Row> LIST = Paging.Keyset.ofRows("id", "Created_Time", "Modified_Time");

  private final Business business;
  private final Settings settings;
  private final DerivedViews<Long> views;
  private final ZohoRecords records;
  private final AccessTokens accessTokens;
  private final Clock clock;
  private final AtomicLong issued = new AtomicLong();
  private final RollingWindow burst;
  private final DailyBudget credits;
  private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();

  private ZohoSimulator(Business business, Settings settings, FaultPlan plan, Clock clock) {
    super(plan);
    this.business = business;
    this.settings = settings;
    this.views = new DerivedViews<>(business);
    this.records = new ZohoRecords(business, views);
    this.accessTokens = new AccessTokens(clock);
    this.clock = clock;
    this.burst = new RollingWindow(settings.burstPerSecond(), 1_000, clock::millis);
    this.credits = new DailyBudget(settings.dailyCredits());
    serve(settings.port(), "zoho-router");
  }

  public static ZohoSimulator start(Business business, Settings settings, FaultPlan faults) {
    return new ZohoSimulator(business, settings, faults, Clock.systemUTC());
  }

  @Override
  public Map<String, String> connectionSettings() {
    return settings("accounts-url", baseUrl(), "client-id", settings.clientId(), "client-secret",
        settings.clientSecret(), "refresh-token", settings.refreshToken());
  }

  public Settings settings() {
    return settings;
  }

  /** Every issued access token stops working (the next call with one gets 401 {@code INVALID_TOKEN}). */
  public void expireAccessTokens() {
    accessTokens.expireAll();
  }

  /** API credits spent today. */
  public long creditsUsed() {
    return credits.used();
  }

  /** A new rolling day: the credits spent so far are forgotten. */
  public void resetDailyCredits() {
    credits.reset();
  }

  // ---- ids and mutations ----

  /** The Zoho id of a business deal, as the API writes it. */
  public static String dealId(String businessDealId) {
    return Long.toString(ZohoRecords.id(ZohoRecords.Kind.DEAL, businessDealId));
  }

  /** The Zoho id of a business company (an Account). */
  public static String accountId(String businessCompanyId) {
    return Long.toString(ZohoRecords.id(ZohoRecords.Kind.ACCOUNT, businessCompanyId));
  }

  /** Deleted records leave the recycle bin (and are listed as {@code permanent}) when deleted before this. */
  public static Instant recycleBinSince() {
    return ZohoRecords.RECYCLE_SINCE;
  }

  /** Deletes a deal as a Zoho user would: gone from {@code /Deals}, listed by {@code /Deals/deleted}. */
  public void deleteDeal(String zohoDealId) {
    business.archiveDeal(heldDeal(zohoDealId).id());
  }

  /** Purges a deal for good (emptied from the recycle bin): gone from {@code /deleted} too; deleted in the business. */
  public void purgeDeal(String zohoDealId) {
    var d = heldDeal(zohoDealId);
    if (!d.archived()) {
      business.archiveDeal(d.id());
    }
    views.purge(Long.parseLong(zohoDealId));
  }

  private Deal heldDeal(String zohoDealId) {
    return records.deal(Long.parseLong(zohoDealId))
        .orElseThrow(() -> new IllegalArgumentException("Zoho holds no deal " + zohoDealId));
  }

  // ---- the router ----

  @Override
  protected Reply dispatch(Call call) {
    if (call.path().equals("/oauth/v2/token")) {
      return call.method().equals("POST") ? token(call) : error(405, "METHOD_NOT_ALLOWED", "use POST", Map.of());
    }
    String auth = call.header("Authorization");
    if (auth == null || auth.isBlank()) {
      return error(401, "AUTHENTICATION_FAILURE", "Authentication failed", Map.of());
    }
    if (!accessTokens.valid(auth, "Zoho-oauthtoken")) {
      return error(401, "INVALID_TOKEN", "invalid oauth token", Map.of());
    }
    if (credits.spent()) {
      return error(429, "LIMIT_REACHED", "You have reached the API credits limit for the day; more credits can be "
          + "purchased or wait for the rolling 24 hours to free them", Map.of("limit", credits.limit()));
    }
    int concurrent = inFlight.incrementAndGet();
    try {
      if (burst.tryAcquire() < 0 || settings.concurrency() > 0 && concurrent > settings.concurrency()) {
        return error(429, "TOO_MANY_REQUESTS", "The number of concurrent requests exceeded the limit for your edition",
            Map.of());
      }
      credits.spend(1);
      if (!call.method().equals("GET")) {
        return error(405, "METHOD_NOT_ALLOWED", "only reads are simulated", Map.of());
      }
      return route(call);
    } catch (ZohoError e) {
      return error(e.status, e.code, e.getMessage(), e.details);
    } catch (RuntimeException e) { // a simulator bug, answered as Zoho answers its own
      return error(500, "INTERNAL_ERROR", e.toString(), Map.of());
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private Reply route(Call call) {
    Map<String, String> q = call.query();
    String[] seg = Arrays.stream(call.path().split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    if (seg.length < 3 || !seg[0].equals("crm") || !seg[1].equals("v8")) {
      throw new ZohoError(404, "INVALID_URL_PATTERN", "Please check if the URL trying to access is a correct one",
          Map.of());
    }
    String rest = String.join("/", Arrays.copyOfRange(seg, 2, seg.length));
    Pipeline sales = business.pipeline(BusinessGenerator.DEFAULT_PIPELINE).orElseThrow();
    switch (rest) {
      case "org":
        return ok(object("org", List.of(ZohoCatalog.org())));
      case "org/currencies":
        return ok(object("currencies", ZohoCatalog.currencies()));
      case "settings/roles":
        return ok(object("roles", ZohoCatalog.roles()));
      case "users":
        return users(q);
      case "settings/layouts":
        return ok(object("layouts", ZohoCatalog.layouts(module(q))));
      case "settings/fields":
        return ok(object("fields", ZohoCatalog.fields(module(q), sales)));
      case "settings/pipeline":
        if (!ZohoCatalog.standardLayout().get("id").equals(q.get("layout_id"))) {
          throw new ZohoError(400, q.get("layout_id") == null ? "REQUIRED_PARAM_MISSING" : "INVALID_DATA",
              "the layout_id of the Deals layout is required (see /settings/layouts?module=Deals)",
              Map.of("param_name", "layout_id"));
        }
        return ok(object("pipeline", ZohoCatalog.pipelines(sales)));
      default:
        break;
    }
    if (seg.length == 5 && seg[2].equals("Deals") && seg[4].equals("Stage_History")) {
      return stageHistory(seg[3]);
    }
    if (ZohoCatalog.fieldNames(seg[2]) == null) {
      throw new ZohoError(400, "INVALID_MODULE", "the module name given seems to be invalid",
          Map.of("resource_path_index", 0));
    }
    if (seg.length == 3) {
      return list(seg[2], call);
    }
    if (seg.length == 4 && seg[3].equals("deleted")) {
      return deleted(seg[2], q, ifModifiedSince(call.header("If-Modified-Since")));
    }
    throw new ZohoError(404, "INVALID_URL_PATTERN", "Please check if the URL trying to access is a correct one",
        Map.of());
  }

  private static String module(Map<String, String> q) {
    String m = q.get("module");
    if (m == null || m.isBlank()) {
      throw new ZohoError(400, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing",
          Map.of("param_name", "module"));
    }
    if (ZohoCatalog.fieldNames(m) == null) {
      throw new ZohoError(400, "INVALID_MODULE", "the module name given seems to be invalid", Map.of("module", m));
    }
    return m;
  }

  /** A record list: fields, per_page, page or page_token, sort, If-Modified-Since; 204 empty, 304 unchanged. */
  private Reply list(String module, Call call) {
    Map<String, String> q = call.query();
    String fieldsParam = q.get("fields");
    if (fieldsParam == null || fieldsParam.isBlank()) {
      throw new ZohoError(400, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing",
          Map.of("param_name", "fields"));
    }
    List<String> fields = Arrays.stream(fieldsParam.split(",")).map(String::trim).filter(f -> !f.isEmpty())
        .distinct().toList();
    if (fields.size() > MAX_FIELDS) {
      throw new ZohoError(400, "LIMIT_EXCEEDED", "fields given exceeds the limit",
          Map.of("param_name", "fields", "maximum_length", MAX_FIELDS));
    }
    int perPage = perPage(q);
    String token = q.get("page_token") == null || q.get("page_token").isBlank() ? null : q.get("page_token");
    int page = token == null ? Math.max(1, number(q, "page", 1)) : pageOf(token);
    if (token == null && (long) page * perPage > PAGE_NUMBERING_LIMIT) {
      throw new ZohoError(400, "DISCRETE_PAGINATION_LIMIT_EXCEEDED", "you cannot fetch more than 2000 records "
          + "using page; use page_token", Map.of("param_name", "page"));
    }
    String sortBy = q.getOrDefault("sort_by", "id");
    String sortOrder = q.getOrDefault("sort_order", "desc");
    if (!LIST.sortKeys().containsKey(sortBy) || !Set.of("asc", "desc").contains(sortOrder)) {
      throw new ZohoError(400, "INVALID_DATA", "invalid sort_by or sort_order", Map.of("param_name",
          LIST.sortKeys().containsKey(sortBy) ? "sort_order" : "sort_by", "supported_values",
          List.of("id", "Created_Time", "Modified_Time")));
    }
    Instant since = ifModifiedSince(call.header("If-Modified-Since"));
    List<Row> rows = records.module(module);
    if (module.equals("Leads")) {
      String converted = q.getOrDefault("converted", "false");
      if (!Set.of("true", "false", "both").contains(converted)) {
        throw new ZohoError(400, "INVALID_DATA", "converted must be true, false or both",
            Map.of("param_name", "converted"));
      }
      rows = converted.equals("both") ? rows : rows.stream()
          .filter(r -> r.fields().get("$converted").toString().equals(converted)).toList();
    }
    Paging.Page<Row> p;
    try {
      p = LIST.page(rows, new Paging.KeysetQuery(sortBy, sortOrder.equals("desc"), token == null ? null
          : Paging.plain(token).substring(Paging.plain(token).indexOf('~') + 1), token == null ? page * perPage
          : perPage, since, null, Map.of()));
    } catch (IllegalArgumentException e) {
      throw new ZohoError(400, "INVALID_DATA", "invalid page_token", Map.of("param_name", "page_token"));
    }
    List<Row> items = token == null ? p.items().subList(Math.min(p.items().size(), (page - 1) * perPage),
        p.items().size()) : p.items();
    if (items.isEmpty()) {
      return new Reply(since == null ? 204 : 304, Map.of(), new byte[0]);
    }
    Set<String> known = ZohoCatalog.fieldNames(module);
    List<Map<String, Object>> data = items.stream().map(r -> {
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("id", r.fields().get("id"));
      fields.stream().filter(known::contains).forEach(f -> j.put(f, r.fields().get(f)));
      r.fields().entrySet().stream().filter(e -> e.getKey().startsWith("$")).forEach(e -> j.put(e.getKey(),
          e.getValue()));
      return j;
    }).toList();
    String next = p.nextToken() == null ? null : Paging.token((page + 1) + "~" + p.nextToken());
    return ok(object("data", data, "info", object("per_page", perPage, "count", data.size(), "page", page,
        "sort_by", sortBy, "sort_order", sortOrder, "more_records", next != null, "next_page_token", next,
        "previous_page_token", null, "page_token_expiry", next == null ? null
            : ZohoCatalog.time(clock.instant().plus(Duration.ofDays(1))))));
  }

  private static int pageOf(String token) {
    try {
      String plain = Paging.plain(token);
      return Integer.parseInt(plain.substring(0, plain.indexOf('~')));
    } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
      throw new ZohoError(400, "INVALID_DATA", "invalid page_token", Map.of("param_name", "page_token"));
    }
  }

  private static Instant ifModifiedSince(String header) {
    try {
      return header == null || header.isBlank() ? null : ZohoCatalog.parseTime(header);
    } catch (DateTimeParseException e) {
      throw new ZohoError(400, "INVALID_DATA", "If-Modified-Since must be ISO-8601 with an offset, e.g. "
          + "2024-05-01T00:00:00+02:00", Map.of("header_name", "If-Modified-Since"));
    }
  }

  /** Deleted records, newest first; with {@code If-Modified-Since} only those deleted at or after it (304 if none). */
  private Reply deleted(String module, Map<String, String> q, Instant since) {
    String type = q.getOrDefault("type", "all");
    if (!Set.of("all", "recycle", "permanent").contains(type)) {
      throw new ZohoError(400, "INVALID_DATA", "type must be all, recycle or permanent", Map.of("param_name", "type"));
    }
    List<Map<String, Object>> deleted = records.deleted(module, type).stream().filter(d -> since == null
        || !ZohoCatalog.parseTime((String) d.get("deleted_time")).isBefore(since)).toList();
    return since != null && deleted.isEmpty() ? new Reply(304, Map.of(), new byte[0]) : numbered("data", deleted, q);
  }

  private Reply users(Map<String, String> q) {
    String type = q.getOrDefault("type", "AllUsers");
    List<Map<String, Object>> users = records.users().stream().filter(u -> switch (type) {
      case "ActiveUsers" -> "active".equals(u.get("status"));
      case "DeletedUsers" -> "deleted".equals(u.get("status"));
      default -> true;
    }).toList();
    return numbered("users", users, q);
  }

  private Reply stageHistory(String dealId) {
    var deal = records.deal(dealId.matches("[1-8]?\\d{1,18}") ? Long.parseLong(dealId) : -1)
        .filter(d -> !d.archived()).orElseThrow(() -> new ZohoError(400, "INVALID_DATA",
            "the related id given seems to be invalid", Map.of("id", dealId)));
    List<Map<String, Object>> data = records.stageHistory(deal);
    return data.isEmpty() ? new Reply(204, Map.of(), new byte[0]) : ok(object("data", data, "info",
        object("per_page", MAX_PER_PAGE, "count", data.size(), "page", 1, "more_records", false)));
  }

  /** A page-numbered list (users, deleted records); 204 when empty. */
  private Reply numbered(String key, List<Map<String, Object>> all, Map<String, String> q) {
    int perPage = perPage(q);
    int page = number(q, "page", 1);
    Paging.Slice<Map<String, Object>> s = Paging.slice(all, (long) (Math.max(1, page) - 1) * perPage, perPage);
    if (s.items().isEmpty()) {
      return new Reply(204, Map.of(), new byte[0]);
    }
    return ok(object(key, s.items(), "info", object("per_page", perPage, "count", s.items().size(), "page", page,
        "more_records", s.next() != null)));
  }

  private static int perPage(Map<String, String> q) {
    int perPage = number(q, "per_page", MAX_PER_PAGE);
    if (perPage > MAX_PER_PAGE || perPage < 1) {
      throw new ZohoError(400, perPage > MAX_PER_PAGE ? "LIMIT_EXCEEDED" : "INVALID_DATA",
          "per_page must be between 1 and 200", Map.of("param_name", "per_page", "maximum_length", MAX_PER_PAGE));
    }
    return perPage;
  }

  private static int number(Map<String, String> q, String name, int dflt) {
    return (int) Paging.number(q, name, dflt, v -> new ZohoError(400, "INVALID_DATA", "invalid data",
        Map.of("param_name", name, "expected_data_type", "integer")));
  }

  // ---- auth ----

  /** {@code POST /oauth/v2/token}: the refresh grant, parameters in the query string or a form body. */
  private Reply token(Call call) {
    String params = call.rawQuery() + "&" + call.bodyText();
    var grant = AccessTokens.refreshGrant(new Call(call.method(), call.path(), "", call.headers(), params.getBytes(
        StandardCharsets.UTF_8)), settings.clientId(), settings.clientSecret(), settings.refreshToken());
    if (grant != AccessTokens.Grant.GRANTED) {
      return json(400, object("error", grant.name().toLowerCase(java.util.Locale.ROOT)), Map.of());
    }
    String access = "1000." + HexFormat.of().formatHex(java.util.UUID.nameUUIDFromBytes((issued.incrementAndGet()
        + ":" + clock.millis()).getBytes(StandardCharsets.UTF_8)).toString().getBytes(StandardCharsets.UTF_8), 0, 16);
    accessTokens.issue(access, Duration.ofSeconds(3600));
    return json(200, object("access_token", access, "scope", "ZohoCRM.modules.READ ZohoCRM.settings.READ "
        + "ZohoCRM.users.READ ZohoCRM.org.READ", "api_domain", baseUrl(), "token_type", "Bearer",
        "expires_in", 3600), Map.of());
  }

  // ---- rendering ----

  /** A refusal in Zoho's words: status, code, message and details. */
  static final class ZohoError extends Refused {
    final String code;
    final Map<String, Object> details;

    ZohoError(int status, String code, String message, Map<String, Object> details) {
      super(status, message);
      this.code = code;
      this.details = details;
    }
  }

  @Override
  protected Reply injectedRateLimit(Fault fault) {
    return json(429, error("TOO_MANY_REQUESTS", "too many requests", Map.of()), fault.retryAfterHeader());
  }

  @Override
  protected Reply injectedServerError(Fault fault) {
    return json(fault.status(), error("INTERNAL_ERROR", "Internal Server Error", Map.of()), Map.of());
  }

  private static Reply ok(Object body) {
    return json(200, body, Map.of());
  }

  private static Reply error(int status, String code, String message, Map<String, Object> details) {
    return json(status, error(code, message, details), Map.of());
  }

  private static Map<String, Object> error(String code, String message, Map<String, Object> details) {
    return object("code", code, "details", details, "message", message, "status", "error");
  }
}
