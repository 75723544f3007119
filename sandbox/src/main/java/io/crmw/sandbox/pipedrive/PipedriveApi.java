package io.crmw.sandbox.pipedrive;

import static io.crmw.sandbox.pipedrive.PdRecords.obj;

import io.crmw.sandbox.AccessTokens;
import io.crmw.sandbox.Paging;
import io.crmw.sandbox.SimulatedApi;
import io.crmw.sandbox.SimulatedApi.Call;
import io.crmw.sandbox.SimulatedApi.Reply;
import io.crmw.sandbox.pipedrive.PdPaging.Invalid;
import io.crmw.sandbox.pipedrive.PdRecords.DealList;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;

/** Pipedrive's read API over {@link PdRecords}: auth (API token, OAuth), the 402 switch, limits, and the endpoints. */
final class PipedriveApi {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String ERROR_INFO = "Please check developers.pipedrive.com for more information about Pipedrive API.";
  private static final Set<String> DEAL_FILTERS = Set.of("ids", "owner_id", "person_id", "org_id", "pipeline_id",
      "stage_id", "status");
  private static final Set<String> ACTIVITY_FILTERS = Set.of("ids", "owner_id", "deal_id", "person_id", "org_id",
      "done", "type");

  private final PdRecords records;
  private final PipedriveSimulator.Settings settings;
  private final Clock clock;
  private final TokenLimits limits;
  private final AccessTokens accessTokens;
  private final AtomicLong issued = new AtomicLong();
  private volatile String apiDomain;
  private volatile boolean accountOpen = true;

  PipedriveApi(PdRecords records, PipedriveSimulator.Settings settings, Clock clock) {
    this.records = records;
    this.settings = settings;
    this.clock = clock;
    this.limits = new TokenLimits(settings.burstPer2Seconds(), settings.dailyTokenBudget(), clock::millis);
    this.accessTokens = new AccessTokens(clock);
  }

  void apiDomain(String url) {
    this.apiDomain = url;
  }

  void accountOpen(boolean open) {
    this.accountOpen = open;
  }

  void expireAccessTokens() {
    accessTokens.expireAll();
  }

  TokenLimits limits() {
    return limits;
  }

  Reply handle(Call call) {
    String path = call.path().startsWith("/api/v1/") ? call.path().substring(4) : call.path();
    Map<String, String> q = call.query();
    if (path.equals("/oauth/token")) {
      return call.method().equals("POST") ? token(call) : error(405, "Method not allowed", Map.of());
    }
    if (!authorized(call, q)) {
      return reply(401, obj("success", false, "error", "unauthorized access", "errorCode", 401,
          "error_info", ERROR_INFO), Map.of());
    }
    if (!accountOpen) {
      return error(402, "Company account is not open. Possible reason: trial expired or subscription ended.",
          Map.of());
    }
    if (!call.method().equals("GET")) {
      return error(405, "Method not allowed", Map.of());
    }
    TokenLimits.Verdict v = limits.admit(cost(path));
    if (!v.admitted()) {
      return error(429, v.dailyBudgetSpent() ? "Daily token budget exceeded" : "Request over limit", v.headers());
    }
    try {
      Object body = route(path, q);
      return body == null ? error(404, "Unknown method .", v.headers()) : reply(200, body, v.headers());
    } catch (Invalid e) {
      return error(e.status, e.getMessage(), v.headers());
    }
  }

  /** Token cost per request (crm-apis.md §5.4/5.8): v2 lists 10, pipelines and stages 5, v1 calls 20. */
  private static int cost(String path) {
    return switch (path) {
      case "/api/v2/pipelines", "/api/v2/stages" -> 5;
      case "/api/v2/deals/archived" -> 20;
      case "/v1/leads/archived" -> 40;
      default -> path.startsWith("/api/v2/") ? 10 : 20;
    };
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
      case "/api/v2/dealFields" -> v2(PdFields.fields("deal"), q, Set.of());
      case "/api/v2/personFields" -> v2(PdFields.fields("person"), q, Set.of());
      case "/api/v2/organizationFields" -> v2(PdFields.fields("organization"), q, Set.of());
      case "/api/v2/productFields" -> v2(PdFields.fields("product"), q, Set.of());
      case "/api/v2/activityFields" -> v2(PdFields.fields("activity"), q, Set.of());
      case "/v1/users" -> obj("success", true, "data", records.users());
      case "/v1/leads" -> v1(records.leads(false), q);
      case "/v1/leads/archived" -> v1(records.leads(true), q);
      case "/v1/leadSources" -> obj("success", true, "data", PdFields.leadSources());
      case "/v1/leadLabels" -> obj("success", true, "data", PdFields.leadLabels());
      case "/v1/activityTypes" -> obj("success", true, "data", PdFields.activityTypes());
      case "/v1/currencies" -> obj("success", true, "data", PdFields.currencies());
      case "/v1/notes" -> v1(sorted(records.notes(), q.getOrDefault("sort", "id ASC")), q);
      default -> null;
    };
  }

  private Object deals(Map<String, String> q, boolean archived) {
    String status = q.getOrDefault("status", "all_not_deleted");
    if (!List.of("open", "won", "lost", "deleted", "all_not_deleted").contains(status)) {
      throw new Invalid("Validation failed: status: Invalid enum value. Expected 'open' | 'won' | 'lost' | "
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
      throw new Invalid("Validation failed: deal_ids: Expected number, received string");
    }
    if (dealIds.isEmpty() || ids.split(",").length > 100) {
      throw new Invalid("Validation failed: deal_ids: " + (dealIds.isEmpty() ? "Required" : "Array must contain at "
          + "most 100 element(s)"));
    }
    return v2(records.dealProducts(dealIds), q, Set.of());
  }

  private Object organizations(Map<String, String> q) {
    boolean website = Arrays.asList(q.getOrDefault("include_fields", "").split(",")).contains("website");
    List<PdRow> rows = records.organizations().stream().map(r -> {
      if (website) {
        return r;
      }
      Map<String, Object> j = new LinkedHashMap<>(r.json());
      j.remove("website");
      return new PdRow(r.id(), r.addTime(), r.updateTime(), j);
    }).toList();
    return v2(rows, q, Set.of("ids", "owner_id"));
  }

  private Object changelog(String id, Map<String, String> q) {
    long dealId;
    try {
      dealId = Long.parseLong(id);
    } catch (NumberFormatException e) {
      throw new Invalid("Validation failed: id: Expected number, received string");
    }
    var deal = records.deal(dealId);
    if (deal.isEmpty()) {
      throw new Invalid(404, "Deal not found");
    }
    Paging.Slice<Map<String, Object>> page = Paging.slice(records.changelog(deal.get()),
        q.containsKey("cursor") ? Integer.parseInt(PdPaging.decode(q.get("cursor"))[0]) : 0, PdPaging.limit(q, false));
    return obj("success", true, "data", page.items(), "additional_data",
        obj("next_cursor", page.next() == null ? null : Paging.token(page.next().toString())));
  }

  private static Object v2(List<PdRow> rows, Map<String, String> q, Set<String> filters) {
    PdPaging.Page page = PdPaging.v2(rows, q, filters);
    return obj("success", true, "data", page.rows().stream().map(PdRow::json).toList(),
        "additional_data", obj("next_cursor", page.nextCursor()));
  }

  private static Object v1(List<Map<String, Object>> all, Map<String, String> q) {
    int limit = PdPaging.limit(q, false);
    Paging.Slice<Map<String, Object>> page = Paging.slice(all, PdPaging.integer(q, "start", 0), limit);
    Map<String, Object> pagination = obj("start", page.start(), "limit", limit,
        "more_items_in_collection", page.next() != null);
    if (page.next() != null) {
      pagination.put("next_start", page.next());
    }
    return obj("success", true, "data", page.items(), "additional_data", obj("pagination", pagination));
  }

  /** v1 {@code sort=update_time ASC}: v1 times sort as text; ties by id. */
  private static List<Map<String, Object>> sorted(List<Map<String, Object>> all, String sort) {
    String[] s = sort.trim().split("\\s+");
    if (!List.of("id", "add_time", "update_time").contains(s[0])) {
      throw new Invalid("Invalid sort field: " + s[0]);
    }
    Comparator<Map<String, Object>> c = Comparator.comparing(m -> String.valueOf(m.get(s[0])));
    c = s[0].equals("id") ? Comparator.comparingLong(m -> (Long) m.get("id"))
        : c.thenComparingLong(m -> (Long) m.get("id"));
    return all.stream().sorted(s.length > 1 && s[1].equalsIgnoreCase("DESC") ? c.reversed() : c).toList();
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
    Map<String, String> form = SimulatedApi.params(call.bodyText(), false);
    String basic = call.header("Authorization");
    String client = basic != null && basic.regionMatches(true, 0, "Basic ", 0, 6)
        ? new String(Base64.getDecoder().decode(basic.substring(6).trim()), StandardCharsets.UTF_8)
        : form.get("client_id") + ":" + form.get("client_secret");
    if (!client.equals(settings.clientId() + ":" + settings.clientSecret())) {
      return oauthError("invalid_client", "Invalid client: client is invalid");
    }
    if (!"refresh_token".equals(form.get("grant_type"))) {
      return oauthError("unsupported_grant_type", "Unsupported grant type: grant_type is invalid");
    }
    if (!settings.refreshToken().equals(form.get("refresh_token"))) {
      return oauthError("invalid_grant", "Invalid grant: refresh_token is invalid");
    }
    String access = "v1u:" + Paging.token(PdIds.uuid("access:" + issued.incrementAndGet() + ":" + clock.millis()));
    accessTokens.issue(access, Duration.ofSeconds(3600));
    return reply(200, obj("access_token", access, "token_type", "bearer", "refresh_token", settings.refreshToken(),
        "scope", "base,deals:read,contacts:read,activities:read,products:read,leads:read,users:read",
        "expires_in", 3600, "api_domain", apiDomain), Map.of());
  }

  private static Reply oauthError(String code, String message) {
    return reply(400, obj("success", false, "error", code, "message", message), Map.of());
  }

  // ---- rendering ----

  static Reply error(int status, String message, Map<String, String> headers) {
    return reply(status, obj("success", false, "error", message, "errorCode", status, "error_info", ERROR_INFO,
        "data", null, "additional_data", null), headers);
  }

  private static Reply reply(int status, Object body, Map<String, String> extra) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json; charset=utf-8");
    headers.putAll(extra);
    return new Reply(status, headers, JSON.writeValueAsBytes(body));
  }
}
