package io.crmw.sandbox.zendesk;

import io.crmw.sandbox.DerivedViews;
import io.crmw.sandbox.Paging;
import io.crmw.sandbox.Paging.Row;
import io.crmw.sandbox.RollingWindow;
import io.crmw.sandbox.SimulatedApi;
import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.Deal;
import io.crmw.sandbox.faults.Fault;
import io.crmw.sandbox.faults.FaultPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Zendesk Sell's documented Core API (crm-apis.md §4B, docs/zendesk.md) for Sell's share of a split {@link Business}
 * (the self-serve deals, see {@code CrmSplit}), on its own loopback port, which stands in for
 * {@code https://api.getbase.com}. Calls need {@code Authorization: Bearer <token>} and a {@code User-Agent}
 * (400 {@code invalid_user_agent} without). Lists under {@code /v2/...}: {@code page} (from 1), {@code per_page}
 * ≤ 100, {@code sort_by=<field>[:asc|:desc]} ({@code id}, {@code created_at}, {@code updated_at}), {@code ids=};
 * the envelope {@code {"items":[{"data":{…},"meta":{"type":…}}],"meta":{"type":"collection","count":n,"links":{…}}}}.
 * Deletes: the Firehose ({@code GET /v3/{deals|contacts|leads}/stream?position=tail|top|<position>&limit=}), events
 * kept 72 hours, an older position 410. Limit: 36,000 requests an hour per token (429). Faults come from the shared
 * {@link FaultPlan}.
 */
public final class ZendeskSellSimulator extends SimulatedApi {

  /** The account: a personal access token, requests an hour (0: off), port. */
  public record Settings(String token, int requestsPerHour, int port) {

    public static Settings defaults() {
      return new Settings("sell-sandbox-token-3c5e7a9b1d2f4e6a8c0b", 36_000, 0);
    }

    public Settings withLimit(int perHour) {
      return new Settings(token, perHour, port);
    }
  }

  static final int MAX_PER_PAGE = 100;
  static final int DEFAULT_PER_PAGE = 25;
  /** The Firehose keeps events this long; an older position is gone (410). */
  static final Duration RETENTION = Duration.ofHours(72);
  private static final Map<String, String> TYPES = Map.ofEntries(Map.entry("deals", "deal"),
      Map.entry("contacts", "contact"), Map.entry("leads", "lead"), Map.entry("users", "user"),
      Map.entry("pipelines", "pipeline"), Map.entry("stages", "stage"), Map.entry("calls", "call"),
      Map.entry("call_outcomes", "call_outcome"), Map.entry("loss_reasons", "loss_reason"),
      Map.entry("deal_sources", "source"), Map.entry("lead_sources", "lead_source"),
      Map.entry("products", "product"), Map.entry("orders", "order"), Map.entry("tasks", "task"),
      Map.entry("notes", "note"), Map.entry("line_items", "line_item"));
  private static final Paging.Keyset<Row> EVENTS = new Paging.Keyset<>(Map.of("event_time",
      r -> r.updated().toEpochMilli()), Row::id, Row::updated, Row::fields);

  private final Business business;
  private final Settings settings;
  private final SellRecords records;
  private final MovableClock clock = new MovableClock();
  private final RollingWindow perHour;

  private ZendeskSellSimulator(Business business, Settings settings, FaultPlan plan) {
    super(plan);
    this.business = business;
    this.settings = settings;
    this.records = new SellRecords(business, new DerivedViews<>(business));
    this.perHour = new RollingWindow(settings.requestsPerHour(), 3_600_000, clock::millis);
    serve(settings.port(), "zendesk-sell-router");
  }

  public static ZendeskSellSimulator start(Business business, Settings settings, FaultPlan faults) {
    return new ZendeskSellSimulator(business, settings, faults);
  }

  @Override
  public Map<String, String> connectionSettings() {
    return settings("base-url", baseUrl(), "token", settings.token());
  }

  public Settings settings() {
    return settings;
  }

  /** Moves the simulator's clock forward (the hourly window, the Firehose's 72 hours) without waiting. */
  public void advanceClock(Duration d) {
    clock.advance(d);
  }

  /** The Sell id of a business deal. */
  public static long dealId(String businessDealId) {
    return SellRecords.id(SellRecords.Kind.DEAL, businessDealId);
  }

  /** Deletes a deal as a Sell user would: gone from {@code /v2/deals}, a {@code deleted} event on the Firehose. */
  public void deleteDeal(long sellDealId) {
    Deal d = records.deal(sellDealId).filter(x -> !x.archived())
        .orElseThrow(() -> new IllegalArgumentException("Zendesk Sell holds no live deal " + sellDealId));
    business.archiveDeal(d.id());
  }

  // ---- the router ----

  @Override
  protected Reply dispatch(Call call) {
    String auth = call.header("Authorization");
    if (auth == null || !auth.equals("Bearer " + settings.token())) {
      return error(401, "unauthorized", "Authentication failed: a valid Bearer access token is required", null);
    }
    String agent = call.header("User-Agent");
    if (agent == null || agent.isBlank()) {
      return error(400, "invalid_user_agent", "A User-Agent header is required", null);
    }
    if (perHour.tryAcquire() < 0) {
      return json(429, errors(429, "rate_limit_exceeded", "Request limit of " + perHour.max() + " an hour exceeded",
          null), Map.of("Retry-After", Long.toString(perHour.secondsToReset())));
    }
    if (!call.method().equals("GET")) {
      return error(405, "method_not_allowed", "only reads are simulated", null);
    }
    try {
      return json(200, route(call), Map.of());
    } catch (SellError e) {
      return error(e.status, e.code, e.getMessage(), e.field);
    } catch (RuntimeException e) { // a simulator bug, answered as Sell answers its own
      return error(500, "server_error", e.toString(), null);
    }
  }

  private Map<String, Object> route(Call call) {
    String[] seg = Arrays.stream(call.path().split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    if (seg.length == 3 && seg[0].equals("v3") && seg[2].equals("stream")) {
      return stream(seg[1], call);
    }
    if (seg.length == 4 && seg[0].equals("v2") && seg[1].equals("orders") && seg[3].equals("line_items")) {
      List<Row> lines = seg[2].matches("\\d{1,18}") ? records.lineItems(Long.parseLong(seg[2])) : null;
      if (lines == null) {
        throw new SellError(404, "not_found", "order " + seg[2] + " not found", null);
      }
      return list("line_items", lines, call);
    }
    List<Row> rows = seg.length == 2 && seg[0].equals("v2") ? records.resource(seg[1]) : null;
    if (rows == null) {
      throw new SellError(404, "not_found", "resource not found", null);
    }
    return list(seg[1], rows, call);
  }

  /** A page of a list: {@code ids} filter, {@code sort_by}, {@code page}/{@code per_page}; next_page while full. */
  private Map<String, Object> list(String resource, List<Row> rows, Call call) {
    Map<String, String> q = call.query();
    int page = (int) number(q, "page", 1);
    int perPage = (int) number(q, "per_page", DEFAULT_PER_PAGE);
    if (page < 1 || perPage < 1 || perPage > MAX_PER_PAGE) {
      throw new SellError(422, "invalid", page < 1 ? "page must be 1 or more" : "per_page must be between 1 and "
          + MAX_PER_PAGE, page < 1 ? "page" : "per_page");
    }
    String[] sort = q.getOrDefault("sort_by", "id").split(":");
    Comparator<Row> order = switch (sort[0]) {
      case "id" -> Comparator.comparingLong(Row::id);
      case "created_at" -> Comparator.comparing(Row::created).thenComparingLong(Row::id);
      case "updated_at" -> Comparator.comparing(Row::updated).thenComparingLong(Row::id);
      default -> throw new SellError(422, "invalid", "sort_by must be id, created_at or updated_at", "sort_by");
    };
    if (sort.length > 1 && !sort[1].matches("asc|desc")) {
      throw new SellError(422, "invalid", "sort order must be asc or desc", "sort_by");
    }
    List<String> ids = q.containsKey("ids") ? List.of(q.get("ids").split(",")) : null;
    List<Row> sorted = rows.stream().filter(r -> ids == null || ids.contains(Long.toString(r.id())))
        .sorted(sort.length > 1 && sort[1].equals("desc") ? order.reversed() : order).toList();
    Paging.Slice<Row> slice = Paging.slice(sorted, (long) (page - 1) * perPage, perPage);
    String type = TYPES.get(resource);
    String self = baseUrl() + call.path() + "?" + q.entrySet().stream().filter(e -> !e.getKey().equals("page")
        && !e.getKey().equals("per_page")).map(e -> e.getKey() + "=" + e.getValue()).sorted()
        .map(s -> s + "&").collect(Collectors.joining()) + "per_page=" + perPage + "&page=";
    Map<String, Object> links = object("self", self + page, "first_page", self + 1);
    if (page > 1) {
      links.put("prev_page", self + (page - 1));
    }
    if (slice.next() != null) {
      links.put("next_page", self + (page + 1));
    }
    return object("items", slice.items().stream().map(r -> object("data", r.fields(), "meta", object("type", type)))
        .toList(), "meta", object("type", "collection", "count", slice.items().size(), "links", links));
  }

  /**
   * The Firehose: {@code position=tail} starts at the oldest kept event, {@code top} at now (no events), any other
   * value is a position from an earlier answer; {@code limit} 1–100. {@code meta.top} is true once drained.
   */
  private Map<String, Object> stream(String resource, Call call) {
    Map<String, String> q = call.query();
    int limit = (int) number(q, "limit", MAX_PER_PAGE);
    if (limit < 1 || limit > MAX_PER_PAGE) {
      throw new SellError(422, "invalid", "limit must be between 1 and 100", "limit");
    }
    Instant now = clock.instant();
    Instant kept = now.minus(RETENTION);
    List<Row> events = records.events(resource, kept);
    if (events == null) {
      throw new SellError(404, "not_found", "no stream for " + resource, null);
    }
    String position = q.getOrDefault("position", "tail");
    if (position.equals("top")) {
      return object("items", List.of(), "meta", object("position", Paging.Keyset.after("event_time", false,
          now.toEpochMilli(), Long.MAX_VALUE), "top", true));
    }
    String token = position.equals("tail") ? null : position;
    if (token != null) {
      try {
        String[] parts = Paging.plain(token).split(":");
        if (Long.parseLong(parts[2]) < kept.toEpochMilli()) {
          throw new SellError(410, "position_expired", "the position is older than the 72 hours the stream keeps; "
              + "start again from tail after a full read", "position");
        }
      } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
        throw new SellError(422, "invalid", "position is not valid", "position");
      }
    }
    Paging.Page<Row> page = EVENTS.page(events, new Paging.KeysetQuery("event_time", false, token, limit, null,
        now, Map.of()));
    List<Row> items = page.items();
    String next = page.nextToken() != null ? page.nextToken() : !items.isEmpty()
        ? EVENTS.after("event_time", items.get(items.size() - 1)) : token != null ? token
        : Paging.Keyset.after("event_time", false, kept.toEpochMilli(), -1);
    return object("items", items.stream().map(Row::fields).toList(), "meta", object("position", next, "top",
        page.nextToken() == null));
  }

  private static long number(Map<String, String> q, String name, long dflt) {
    return Paging.number(q, name, dflt, v -> new SellError(422, "invalid", name + " must be a number", name));
  }

  // ---- rendering ----

  /** A refusal in Sell's words: status, code, message and the field at fault. */
  static final class SellError extends Refused {
    final String code;
    final String field;

    SellError(int status, String code, String message, String field) {
      super(status, message);
      this.code = code;
      this.field = field;
    }
  }

  private static Map<String, Object> errors(int status, String code, String message, String field) {
    String reason = switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 404 -> "Not Found";
      case 410 -> "Gone";
      case 422 -> "Unprocessable Entity";
      case 429 -> "Too Many Requests";
      default -> "Error";
    };
    return object("errors", List.of(object("error", object("code", code, "message", message, "details", message,
        "resource", null, "field", field))), "meta", object("type", "errors", "http_status", status + " " + reason,
        "logref", Paging.token(code + ":" + status)));
  }

  private static Reply error(int status, String code, String message, String field) {
    return json(status, errors(status, code, message, field), Map.of());
  }

  @Override
  protected Reply injectedRateLimit(Fault fault) {
    return json(429, errors(429, "rate_limit_exceeded", "Too many requests", null), fault.retryAfterHeader());
  }

  @Override
  protected Reply injectedServerError(Fault fault) {
    return json(fault.status(), errors(fault.status(), "server_error", "Internal server error", null), Map.of());
  }
}
