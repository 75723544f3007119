package io.crmw.sandbox.pipedrive;

import io.crmw.sandbox.AccessTokens;
import io.crmw.sandbox.DerivedViews;
import io.crmw.sandbox.Paging;
import io.crmw.sandbox.Paging.Row;
import io.crmw.sandbox.SimulatedApi;
import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.Deal;
import io.crmw.sandbox.faults.Fault;
import io.crmw.sandbox.faults.FaultPlan;
import io.crmw.sandbox.pipedrive.PdRecords.DealList;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Pipedrive's documented read API (crm-apis.md §5, docs/pipedrive.md) for Pipedrive's share of a split
 * {@link Business} (the partner-channel deals, see {@code CrmSplit}), on its own loopback port. The company domain
 * (instead of {@code https://acme.pipedrive.com}; v1 under /v1, v2 under /api/v2), the OAuth host and the
 * {@code api_domain} of token responses are all {@link #baseUrl()}. Endpoints:
 * <ul>
 *   <li>v2 cursor lists: deals (+ {@code /archived}, {@code status=deleted}: deals deleted since
 *       {@link #deletedVisibleSince()}), persons, organizations, activities, products, pipelines, stages, the five
 *       {@code *Fields}, {@code deals/products?deal_ids=}</li>
 *   <li>v1: users, leads (+ archived), leadSources, leadLabels, activityTypes, currencies, notes (offset),
 *       {@code deals/{id}/changelog} (cursor)</li>
 * </ul>
 * Auth: {@code x-api-token} (or {@code ?api_token=}) or an OAuth bearer from {@code POST /oauth/token}. Limits: a
 * burst window per rolling 2 s and a daily token budget, both 429. Faults come from the shared {@link FaultPlan}.
 */
public final class PipedriveSimulator extends SimulatedApi {

  /**
   * The simulated company. {@code burstPer2Seconds} and {@code dailyTokenBudget} of 0 are disabled; port 0: a free
   * one.
   */
  public record Settings(String apiToken, String clientId, String clientSecret, String refreshToken,
                         int burstPer2Seconds, long dailyTokenBudget, int port) {

    /** Growth plan, 5 seats: 30,000 × 2 × 5 tokens a day; an API token's burst on Growth (40 per 2 s). */
    public static Settings defaults() {
      return new Settings("5a1dbce0c7e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6", "b7c2e1f0a9d8c3e4", "sandbox-pipedrive-secret",
          "13657143:16134017:sandboxpipedriverefreshtoken", 40, 300_000, 0);
    }

    public Settings withLimits(int burst, long budget) {
      return new Settings(apiToken, clientId, clientSecret, refreshToken, burst, budget, port);
    }
  }

  private final Business business;
  private final Settings settings;
  private final DerivedViews<Long> views;
  private final PdRecords records;
  private final AccessTokens accessTokens;
  private final Clock clock;
  private final AtomicLong issued = new AtomicLong();
  private final TokenLimits limits;
  private volatile boolean accountOpen = true;

  private PipedriveSimulator(Business business, Settings settings, FaultPlan plan, Clock clock) {
    super(plan);
    this.business = business;
    this.settings = settings;
    this.views = new DerivedViews<>(business);
    this.records = new PdRecords(business, views);
    this.accessTokens = new AccessTokens(clock);
    this.clock = clock;
    this.limits = new TokenLimits(settings.burstPer2Seconds(), settings.dailyTokenBudget(), clock::millis);
    serve(settings.port(), "pipedrive-router");
  }

  public static PipedriveSimulator start(Business business, Settings settings, FaultPlan faults) {
    return new PipedriveSimulator(business, settings, faults, Clock.systemUTC());
  }

  @Override
  public Map<String, String> connectionSettings() {
    return settings("base-url", baseUrl(), "api-token", apiToken());
  }

  @Override
  public Map<String, String> otherAuthSettings() {
    return settings("client-id", settings.clientId(), "client-secret", settings.clientSecret(),
        "refresh-token", settings.refreshToken());
  }

  /** The account: API token, the OAuth app (its refresh token at {@code baseUrl() + "/oauth/token"}), limits. */
  public Settings settings() {
    return settings;
  }

  /** The API token, sent as the header {@code x-api-token}. */
  public String apiToken() {
    return settings.apiToken();
  }

  /** With {@code false}, every authenticated call answers 402 (trial expired, account not open). */
  public void accountOpen(boolean open) {
    accountOpen = open;
  }

  /** Every issued OAuth access token stops working (the next call with one gets 401). */
  public void expireAccessTokens() {
    accessTokens.expireAll();
  }

  /** Tokens of the daily budget spent so far. */
  public long tokensUsed() {
    return limits.daily.used();
  }

  /** Midnight in the server's time zone: the daily budget starts again. */
  public void resetDailyBudget() {
    limits.daily.reset();
  }

  // ---- ids and mutations ----

  /** Deleted deals are listed under {@code status=deleted} when deleted at or after this (30 days before AS_OF). */
  public static Instant deletedVisibleSince() {
    return PdRecords.DELETED_VISIBLE_SINCE;
  }

  /** The Pipedrive id of a business deal. */
  public static long dealId(String businessDealId) {
    return PdRecords.id(businessDealId, PdRecords.DEAL);
  }

  /** The Pipedrive id of a business company. */
  public static long organizationId(String businessCompanyId) {
    return PdRecords.id(businessCompanyId, PdRecords.ORGANIZATION);
  }

  /** The business deal behind a Pipedrive deal id. */
  public static String businessDealId(long pipedriveDealId) {
    return Long.toString(pipedriveDealId + PdRecords.DEAL);
  }

  /** Whether Pipedrive serves this deal only under {@code /api/v2/deals/archived} (a live, archived deal). */
  public boolean isArchived(Deal d) {
    return !d.archived() && records.archived(d);
  }

  /** Deletes a deal as a Pipedrive user would: {@code status=deleted}, {@code update_time} = now, for 30 days. */
  public void deleteDeal(long pipedriveDealId) {
    business.archiveDeal(businessDealId(pipedriveDealId));
  }

  /** Purges a deal for good (as 30 days after deletion): gone from every list; deleted in the business too. */
  public void purgeDeal(long pipedriveDealId) {
    business.deal(businessDealId(pipedriveDealId)).filter(d -> !d.archived())
        .ifPresent(d -> business.archiveDeal(d.id()));
    views.purge(pipedriveDealId);
  }

  @Override
  protected Reply dispatch(Call call) {
    return handle(call);
  }

  @Override
  protected Reply injectedRateLimit(Fault fault) {
    return error(429, "Request over limit", fault.retryAfterHeader());
  }

  @Override
  protected Reply injectedServerError(Fault fault) {
    return error(fault.status(), fault.status() == 503 ? "Service Unavailable" : "Internal Server Error",
        Map.of());
  }

  static final int MAX_LIMIT = 500;
  private static final Paging.Keyset<Row> V2_LIST = Paging.Keyset.ofRows("id", "add_time", "update_time");
  /** Token cost per request (crm-apis.md §5.4/5.8): these paths as listed; other v2 calls 10, v1 calls 20. */
  private static final Map<String, Integer> TOKEN_COSTS = PdFields.reference("tokenCosts");
  /** The message of each refused OAuth grant, by its RFC 6749 error code. */
  private static final Map<String, String> OAUTH_ERRORS = PdFields.reference("oauthErrors");
  private static final String ERROR_INFO =
      "Please check developers.pipedrive.com for more information about Pipedrive API.";
  private static final Set<String> DEAL_FILTERS = Set.of("ids", "owner_id", "person_id", "org_id", "pipeline_id",
      "stage_id", "status");
  private static final Set<String> ACTIVITY_FILTERS = Set.of("ids", "owner_id", "deal_id", "person_id", "org_id",
      "done", "type");


  Reply handle(Call call) {
    String path = call.path().startsWith("/api/v1/") ? call.path().substring(4) : call.path();
    Map<String, String> q = call.query();
    if (path.equals("/oauth/token")) {
      return call.method().equals("POST") ? token(call) : error(405, "Method not allowed", Map.of());
    }
    if (!authorized(call, q)) {
      return json(401, object("success", false, "error", "unauthorized access", "errorCode", 401,
          "error_info", ERROR_INFO), Map.of());
    }
    if (!accountOpen) {
      return error(402, "Company account is not open. Possible reason: trial expired or subscription ended.",
          Map.of());
    }
    if (!call.method().equals("GET")) {
      return error(405, "Method not allowed", Map.of());
    }
    TokenLimits.Verdict v = limits.admit(TOKEN_COSTS.getOrDefault(path, path.startsWith("/api/v2/") ? 10 : 20));
    if (!v.admitted()) {
      return error(429, v.dailyBudgetSpent() ? "Daily token budget exceeded" : "Request over limit", v.headers());
    }
    try {
      Object body = route(path, q);
      return body == null ? error(404, "Unknown method .", v.headers()) : json(200, body, v.headers());
    } catch (Refused e) {
      return error(e.status, e.getMessage(), v.headers());
    }
  }

  private Object route(String path, Map<String, String> q) {
    String[] seg = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    if (seg.length == 4 && seg[0].equals("v1") && seg[1].equals("deals") && seg[3].equals("changelog")) {
      return changelog(seg[2], q);
    }
    return switch (path) {
      case "/api/v2/deals" -> deals(q, false);
      case "/api/v2/deals/archived" -> deals(q, true);
      case "/api/v2/deals/products" -> dealProducts(q);
      case "/api/v2/persons" -> v2(records.persons(), q, Set.of("ids", "owner_id", "org_id"));
      case "/api/v2/organizations" -> organizations(q);
      case "/api/v2/activities" -> v2(records.activities(), q, ACTIVITY_FILTERS);
      case "/api/v2/products" -> v2(records.products(), q, Set.of("ids", "owner_id"));
      case "/api/v2/pipelines" -> v2(records.pipelines(), q, Set.of());
      case "/api/v2/stages" -> v2(records.stages(), q, Set.of("pipeline_id"));
      case "/api/v2/dealFields", "/api/v2/personFields", "/api/v2/organizationFields", "/api/v2/productFields",
           "/api/v2/activityFields" -> v2(PdFields.fields(path.substring(8, path.length() - 6)), q, Set.of());
      case "/v1/users" -> object("success", true, "data", records.users());
      case "/v1/leads" -> v1(records.leads(false), q);
      case "/v1/leads/archived" -> v1(records.leads(true), q);
      case "/v1/leadSources" -> object("success", true, "data",
          PdFields.LEAD_SOURCES.stream().map(n -> object("name", n)).toList());
      case "/v1/leadLabels" -> object("success", true, "data", PdFields.leadLabels());
      case "/v1/activityTypes" -> object("success", true, "data", PdFields.activityTypes());
      case "/v1/currencies" -> object("success", true, "data", PdFields.reference("currencies"));
      case "/v1/notes" -> v1(sorted(records.notes(), q.getOrDefault("sort", "id ASC")), q);
      default -> null;
    };
  }

  private Object deals(Map<String, String> q, boolean archived) {
    String status = q.getOrDefault("status", "all_not_deleted");
    if (!List.of("open", "won", "lost", "deleted", "all_not_deleted").contains(status)) {
      throw invalid("Validation failed: status: Invalid enum value. Expected 'open' | 'won' | 'lost' | "
          + "'deleted' | 'all_not_deleted', received '" + status + "'");
    }
    Map<String, String> filters = new HashMap<>(q);
    filters.remove("status");
    if (status.equals("deleted")) {
      return v2(archived ? List.of() : records.deals(DealList.DELETED), filters, DEAL_FILTERS);
    }
    if (!status.equals("all_not_deleted")) {
      filters.put("status", status);
    }
    return v2(records.deals(archived ? DealList.ARCHIVED : DealList.STANDARD), filters, DEAL_FILTERS);
  }

  private Object dealProducts(Map<String, String> q) {
    String ids = q.getOrDefault("deal_ids", "");
    Set<Long> dealIds;
    try {
      dealIds = Arrays.stream(ids.split(",")).filter(s -> !s.isBlank()).map(s -> Long.parseLong(s.trim()))
          .collect(Collectors.toSet());
    } catch (NumberFormatException e) {
      throw invalid("Validation failed: deal_ids: Expected number, received string");
    }
    if (dealIds.isEmpty() || ids.split(",").length > 100) {
      throw invalid("Validation failed: deal_ids: " + (dealIds.isEmpty() ? "Required" : "Array must contain at "
          + "most 100 element(s)"));
    }
    return v2(records.dealProducts(dealIds), q, Set.of());
  }

  private Object organizations(Map<String, String> q) {
    boolean website = Arrays.asList(q.getOrDefault("include_fields", "").split(",")).contains("website");
    return v2(records.organizations().stream().map(r -> website ? r : r.without("website")).toList(), q,
        Set.of("ids", "owner_id"));
  }

  private Object changelog(String id, Map<String, String> q) {
    long dealId;
    try {
      dealId = Long.parseLong(id);
    } catch (NumberFormatException e) {
      throw invalid("Validation failed: id: Expected number, received string");
    }
    var deal = records.deal(dealId);
    if (deal.isEmpty()) {
      throw new Refused(404, "Deal not found");
    }
    int start;
    try {
      start = q.containsKey("cursor") ? Paging.offset(q.get("cursor")) : 0;
    } catch (IllegalArgumentException e) {
      throw invalid("Invalid cursor");
    }
    Paging.Slice<Map<String, Object>> page = Paging.slice(records.changelog(deal.get()), start, limit(q, false));
    return object("success", true, "data", page.items(), "additional_data",
        object("next_cursor", page.next() == null ? null : Paging.token(page.next().toString())));
  }

  /** One v2 page: equality filters (only the names in {@code filters}), updated_since/until, sort, cursor, limit. */
  private static Object v2(List<Row> rows, Map<String, String> q, Set<String> filters) {
    String cursor = q.get("cursor") == null || q.get("cursor").isEmpty() ? null : q.get("cursor");
    String sortBy = q.getOrDefault("sort_by", "id");
    if (cursor == null && !V2_LIST.sortKeys().containsKey(sortBy)) {
      throw invalid("Validation failed: sort_by: Invalid enum value. Expected 'id' | 'update_time' | "
          + "'add_time', received '" + sortBy + "'");
    }
    Map<String, String> equal = new HashMap<>();
    filters.stream().filter(f -> q.get(f) != null && !q.get(f).isEmpty())
        .forEach(f -> equal.put(f.equals("ids") ? "id" : f, q.get(f)));
    Paging.KeysetQuery query = new Paging.KeysetQuery(sortBy, "desc".equalsIgnoreCase(q.get("sort_direction")),
        cursor, limit(q, true), time(q, "updated_since"), time(q, "updated_until"), equal);
    Paging.Page<Row> page;
    try {
      page = V2_LIST.page(rows, query);
    } catch (IllegalArgumentException e) {
      throw invalid("Invalid cursor");
    }
    return object("success", true, "data", page.items().stream().map(Row::fields).toList(),
        "additional_data", object("next_cursor", page.nextToken()));
  }

  private static Object v1(List<Map<String, Object>> all, Map<String, String> q) {
    int limit = limit(q, false);
    Paging.Slice<Map<String, Object>> page = Paging.slice(all, (int) Paging.number(q, "start", 0,
        v -> invalid("Validation failed: start: Expected number, received string")), limit);
    Map<String, Object> pagination = object("start", page.start(), "limit", limit,
        "more_items_in_collection", page.next() != null);
    if (page.next() != null) {
      pagination.put("next_start", page.next());
    }
    return object("success", true, "data", page.items(), "additional_data", object("pagination", pagination));
  }

  /** v1 {@code sort=update_time ASC}: v1 times sort as text; ties by id. */
  private static List<Map<String, Object>> sorted(List<Map<String, Object>> all, String sort) {
    String[] s = sort.trim().split("\\s+");
    if (!List.of("id", "add_time", "update_time").contains(s[0])) {
      throw invalid("Invalid sort field: " + s[0]);
    }
    Comparator<Map<String, Object>> c = Comparator.comparing(m -> String.valueOf(m.get(s[0])));
    c = s[0].equals("id") ? Comparator.comparingLong(m -> (Long) m.get("id"))
        : c.thenComparingLong(m -> (Long) m.get("id"));
    return all.stream().sorted(s.length > 1 && s[1].equalsIgnoreCase("DESC") ? c.reversed() : c).toList();
  }

  /** {@code limit} (default 100): v2 refuses one outside 1–500, v1 clamps it. */
  static int limit(Map<String, String> q, boolean strict) {
    int limit = (int) Paging.number(q, "limit", 100, v -> invalid("Validation failed: limit: Expected number, "
        + "received string"));
    if (limit >= 1 && limit <= MAX_LIMIT || !strict) {
      return Math.max(1, Math.min(limit, MAX_LIMIT));
    }
    throw invalid("Validation failed: limit: Number must be " + (limit < 1 ? "greater than or equal to 1"
        : "less than or equal to " + MAX_LIMIT));
  }

  private static Instant time(Map<String, String> q, String name) {
    return Paging.time(q, name, v -> invalid("Validation failed: " + name + ": Invalid datetime, expected RFC3339 "
        + "(e.g. 2024-05-01T00:00:00Z)"));
  }

  /** Pipedrive's answer to bad input: 400 with its message. */
  private static Refused invalid(String message) {
    return new Refused(400, message);
  }

  // ---- auth ----

  private boolean authorized(Call call, Map<String, String> q) {
    if (settings.apiToken().equals(call.header("x-api-token")) || settings.apiToken().equals(q.get("api_token"))) {
      return true;
    }
    return accessTokens.valid(call.header("Authorization"), "Bearer");
  }

  /** {@code POST /oauth/token}: Basic client_id:client_secret, {@code grant_type=refresh_token}. */
  private Reply token(Call call) {
    var grant = AccessTokens.refreshGrant(call, settings.clientId(), settings.clientSecret(), settings.refreshToken());
    if (grant != AccessTokens.Grant.GRANTED) {
      String code = grant.name().toLowerCase(Locale.ROOT);
      return json(400, object("success", false, "error", code, "message", OAUTH_ERRORS.get(code)), Map.of());
    }
    String access = "v1u:" + Paging.token(PdRecords.uuid("access:" + issued.incrementAndGet() + ":" + clock.millis()));
    accessTokens.issue(access, Duration.ofSeconds(3600));
    return json(200, object("access_token", access, "token_type", "bearer", "refresh_token", settings.refreshToken(),
        "scope", "base,deals:read,contacts:read,activities:read,products:read,leads:read,users:read",
        "expires_in", 3600, "api_domain", baseUrl()), Map.of());
  }

  // ---- rendering ----

  static Reply error(int status, String message, Map<String, String> headers) {
    return json(status, object("success", false, "error", message, "errorCode", status, "error_info", ERROR_INFO,
        "data", null, "additional_data", null), headers);
  }
}
