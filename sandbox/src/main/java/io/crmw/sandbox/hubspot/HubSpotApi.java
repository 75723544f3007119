package io.crmw.sandbox.hubspot;

import io.crmw.sandbox.Paging;
import io.crmw.sandbox.RollingWindow;
import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.Crm;
import io.crmw.sandbox.business.MarketingEmail;
import io.crmw.sandbox.business.OrgRates;
import io.crmw.sandbox.business.Owner;
import io.crmw.sandbox.business.Pipeline;
import io.crmw.sandbox.business.Stage;
import io.crmw.sandbox.business.Team;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * HubSpot's documented read API over a {@link Business}: auth, rate limits and the endpoints, rendered with Jackson
 * streaming. Transport concerns (WireMock, faults) live in {@link HubSpotSimulator}.
 */
final class HubSpotApi {

  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int DAILY_LIMIT = 650_000;

  private final Business business;
  private final String token;
  private final String baseUrl;
  private final HubSpotObjects objects;
  private final PropertyCatalog catalog;
  private final AssociationIndex associations;
  private final SearchEngine search;
  private final RollingWindow burst;
  private final RollingWindow secondly;
  private final AtomicLong daily = new AtomicLong();
  private final AtomicLong correlation = new AtomicLong();

  HubSpotApi(Business business, String token, String baseUrl, int burstPer10Seconds, int searchPerSecond,
             int searchResultCap) {
    this.business = business;
    this.token = token;
    this.baseUrl = baseUrl;
    this.objects = new HubSpotObjects(business);
    this.catalog = new PropertyCatalog(business);
    this.associations = new AssociationIndex(business, objects);
    this.search = new SearchEngine(business, objects, catalog, searchResultCap);
    this.burst = new RollingWindow(burstPer10Seconds, 10_000, System::currentTimeMillis);
    this.secondly = new RollingWindow(searchPerSecond, 1_000, System::currentTimeMillis);
  }

  /** A GDPR delete: the record leaves every listing, search total and association (the business archived it). */
  void purge(String type, long id) {
    objects.purge(type, id);
    search.forget(type);
  }

  ApiResponse handle(String method, String path, Map<String, String> query, String authorization, byte[] body) {
    if (authorization == null || !authorization.equals("Bearer " + token)) {
      return error(401, "INVALID_AUTHENTICATION", authorization == null
          ? "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview"
          : "Authentication credentials are invalid.");
    }
    String[] seg = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    boolean isSearch = method.equals("POST") && seg.length == 5 && seg[0].equals("crm") && seg[4].equals("search");
    if (isSearch) {
      if (secondly.tryAcquire() < 0) {
        ApiResponse r = json(429, g -> {
          g.writeStartObject();
          g.writeStringProperty("status", "error");
          g.writeStringProperty("message", "You have reached your secondly limit.");
          g.writeStringProperty("errorType", "RATE_LIMIT");
          g.writeStringProperty("correlationId", correlationId());
          g.writeStringProperty("policyName", "SECONDLY");
          g.writeEndObject();
        });
        return r;
      }
      daily.incrementAndGet();
      return route(method, seg, query, body); // search responses carry no rate-limit headers
    }
    int remaining = burst.tryAcquire();
    long usedToday = daily.incrementAndGet();
    ApiResponse r;
    if (remaining < 0) {
      r = json(429, g -> {
        g.writeStartObject();
        g.writeStringProperty("status", "error");
        g.writeStringProperty("message", "You have reached your ten_secondly_rolling limit.");
        g.writeStringProperty("errorType", "RATE_LIMIT");
        g.writeStringProperty("correlationId", correlationId());
        g.writeStringProperty("policyName", "TEN_SECONDLY_ROLLING");
        g.writeEndObject();
      });
      remaining = 0;
    } else {
      r = route(method, seg, query, body);
    }
    int max = burst.max() > 0 ? burst.max() : 190;
    r.headers().put("X-HubSpot-RateLimit-Max", Integer.toString(max));
    r.headers().put("X-HubSpot-RateLimit-Remaining", Integer.toString(Math.max(0, Math.min(remaining, max))));
    r.headers().put("X-HubSpot-RateLimit-Interval-Milliseconds", "10000");
    r.headers().put("X-HubSpot-RateLimit-Daily", Integer.toString(DAILY_LIMIT));
    r.headers().put("X-HubSpot-RateLimit-Daily-Remaining", Long.toString(Math.max(0, DAILY_LIMIT - usedToday)));
    return r;
  }

  private ApiResponse route(String method, String[] seg, Map<String, String> query, byte[] body) {
    try {
      if (seg.length >= 4 && seg[0].equals("crm") && seg[1].equals("v3") && seg[2].equals("objects")) {
        String type = HubSpotObjects.canonical(seg[3]);
        if (type == null) {
          return error(400, "VALIDATION_ERROR", "Unable to infer object type from: " + seg[3]);
        }
        if (seg.length == 4 && method.equals("GET")) {
          return list(type, query);
        }
        if (seg.length == 5 && method.equals("POST") && seg[4].equals("search")) {
          return search.search(type, JSON.readTree(body), this);
        }
        if (seg.length == 6 && method.equals("POST") && seg[4].equals("batch") && seg[5].equals("read")) {
          return batchRead(type, JSON.readTree(body), query);
        }
        if (seg.length == 5 && method.equals("GET")) {
          return readOne(type, seg[4], query);
        }
      }
      if (seg.length == 7 && seg[0].equals("crm") && seg[1].equals("v4") && seg[2].equals("associations")
          && seg[5].equals("batch") && seg[6].equals("read") && method.equals("POST")) {
        return associationsBatch(seg[3], seg[4], JSON.readTree(body));
      }
      if (seg.length == 4 && seg[0].equals("crm") && seg[1].equals("v3") && seg[2].equals("properties")
          && method.equals("GET")) {
        return properties(seg[3]);
      }
      if (seg.length == 3 && seg[0].equals("crm") && seg[1].equals("v3") && seg[2].equals("owners")
          && method.equals("GET")) {
        return owners(query);
      }
      if (seg.length == 4 && seg[0].equals("crm") && seg[1].equals("v3") && seg[2].equals("pipelines")
          && method.equals("GET")) {
        return pipelines(seg[3]);
      }
      if (seg.length == 3 && seg[0].equals("marketing") && seg[1].equals("v3") && seg[2].equals("emails")
          && method.equals("GET")) {
        return marketingEmails(query);
      }
      if (seg.length == 4 && seg[0].equals("settings") && seg[1].equals("v3") && seg[2].equals("currencies")
          && method.equals("GET")) {
        if (seg[3].equals("company-currency")) {
          return json(200, g -> {
            g.writeStartObject();
            g.writeStringProperty("createdAt", Timestamps.format(Business.AS_OF.minusSeconds(3 * 365 * 86_400L)));
            g.writeStringProperty("id", OrgRates.HOME);
            g.writeEndObject();
          });
        }
        if (seg[3].equals("exchange-rates")) {
          return exchangeRates(query);
        }
      }
      return error(404, "OBJECT_NOT_FOUND", "No route for " + method + " /" + String.join("/", seg));
    } catch (tools.jackson.core.JacksonException e) {
      return error(400, "VALIDATION_ERROR", "Invalid input JSON on line 1: " + e.getOriginalMessage());
    } catch (BadRequest e) {
      return error(400, "VALIDATION_ERROR", e.getMessage());
    }
  }

  /** A client error whose message goes into HubSpot's VALIDATION_ERROR body. */
  static final class BadRequest extends RuntimeException {
    BadRequest(String message) {
      super(message);
    }
  }

  // ---- objects ----

  private ApiResponse list(String type, Map<String, String> query) {
    int limit = Math.min(100, Math.max(1, intParam(query, "limit", 10)));
    long after = longParam(query, "after", 0);
    boolean archived = "true".equalsIgnoreCase(query.get("archived"));
    List<String> props = propertyList(type, query.get("properties"));
    List<String> assoc = associationList(query);
    NavigableMap<Long, ?> all = business.byId(type, Crm.HUBSPOT);
    List<HubSpotRecord> page = new ArrayList<>(limit);
    Long nextAfter = null;
    for (Map.Entry<Long, ?> e : all.tailMap(after, true).entrySet()) {
      HubSpotRecord r = objects.visible(type, e.getKey(), e.getValue(), archived);
      if (r == null) {
        continue;
      }
      if (page.size() == limit) {
        nextAfter = r.id();
        break;
      }
      page.add(r);
    }
    Long next = nextAfter;
    return json(200, g -> {
      g.writeStartObject();
      g.writeArrayPropertyStart("results");
      for (HubSpotRecord r : page) {
        writeRecord(g, type, r, props, assoc);
      }
      g.writeEndArray();
      if (next != null) {
        writePaging(g, Long.toString(next), baseUrl + "/crm/v3/objects/" + type + "?limit=" + limit + "&after=" + next);
      }
      g.writeEndObject();
    });
  }

  private ApiResponse readOne(String type, String id, Map<String, String> query) {
    long key;
    try {
      key = Long.parseLong(id);
    } catch (NumberFormatException e) {
      return error(404, "OBJECT_NOT_FOUND", "Object not found.  objectId are usually numeric.");
    }
    boolean archived = "true".equalsIgnoreCase(query.get("archived"));
    HubSpotRecord r = objects.visible(type, key, business.byId(type, Crm.HUBSPOT).get(key), archived);
    if (r == null) {
      return error(404, "OBJECT_NOT_FOUND", "Object not found.  objectId are usually numeric.");
    }
    List<String> props = propertyList(type, query.get("properties"));
    return json(200, g -> writeRecord(g, type, r, props, associationList(query)));
  }

  private ApiResponse batchRead(String type, JsonNode body, Map<String, String> query) {
    JsonNode inputs = body.path("inputs");
    if (inputs.size() > 100) {
      throw new BadRequest("Batch input size must be at most 100, was " + inputs.size());
    }
    List<String> props = new ArrayList<>();
    body.path("properties").forEach(p -> props.add(p.asString()));
    List<String> wanted = props.isEmpty() ? PropertyCatalog.defaults(type) : props;
    boolean archived = "true".equalsIgnoreCase(query.get("archived")) || body.path("archived").asBoolean(false);
    List<HubSpotRecord> found = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (JsonNode in : inputs) {
      String id = in.path("id").asString();
      HubSpotRecord r = null;
      try {
        long key = Long.parseLong(id);
        r = objects.visible(type, key, business.byId(type, Crm.HUBSPOT).get(key), archived);
      } catch (NumberFormatException ignored) {
        // reported as not found
      }
      if (r == null) {
        missing.add(id);
      } else {
        found.add(r);
      }
    }
    String now = Timestamps.format(Instant.now());
    return json(missing.isEmpty() ? 200 : 207, g -> {
      g.writeStartObject();
      g.writeStringProperty("status", "COMPLETE");
      g.writeArrayPropertyStart("results");
      for (HubSpotRecord r : found) {
        writeRecord(g, type, r, wanted, List.of());
      }
      g.writeEndArray();
      if (!missing.isEmpty()) {
        g.writeNumberProperty("numErrors", 1);
        g.writeArrayPropertyStart("errors");
        writeNotFound(g, null, "Could not get some " + type + " objects, they may be deleted or not exist."
            + " Check that ids are valid.", "ids", missing);
        g.writeEndArray();
      }
      writeBatchEnd(g, now);
    });
  }

  /** One entry of a batch response's {@code errors}: HubSpot's OBJECT_NOT_FOUND with the ids in {@code context}. */
  private static void writeNotFound(JsonGenerator g, String subCategory, String message,
                                    String contextKey, List<String> ids) {
    g.writeStartObject();
    g.writeStringProperty("status", "error");
    g.writeStringProperty("category", "OBJECT_NOT_FOUND");
    if (subCategory != null) {
      g.writeStringProperty("subCategory", subCategory);
    }
    g.writeStringProperty("message", message);
    g.writeObjectPropertyStart("context");
    g.writeArrayPropertyStart(contextKey);
    for (String id : ids) {
      g.writeString(id);
    }
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndObject();
  }

  /** Closes a batch response with its timing fields. */
  private static void writeBatchEnd(JsonGenerator g, String now) {
    g.writeStringProperty("startedAt", now);
    g.writeStringProperty("completedAt", now);
    g.writeEndObject();
  }

  private ApiResponse associationsBatch(String fromPath, String toPath, JsonNode body) {
    String from = HubSpotObjects.canonical(fromPath);
    String to = HubSpotObjects.canonical(toPath);
    if (from == null || to == null) {
      return error(400, "VALIDATION_ERROR", "Unable to infer object type from: " + (from == null ? fromPath : toPath));
    }
    JsonNode inputs = body.path("inputs");
    if (inputs.size() > 1000) {
      throw new BadRequest("Batch input size must be at most 1000, was " + inputs.size());
    }
    List<String> without = new ArrayList<>();
    List<Map.Entry<String, List<AssociationIndex.Link>>> with = new ArrayList<>();
    for (JsonNode in : inputs) {
      String id = in.path("id").asString();
      List<AssociationIndex.Link> links;
      try {
        links = associations.links(from, Long.parseLong(id), to);
      } catch (NumberFormatException e) {
        links = List.of();
      }
      if (links.isEmpty()) {
        without.add(id);
      } else {
        with.add(Map.entry(id, links));
      }
    }
    String now = Timestamps.format(Instant.now());
    return json(without.isEmpty() ? 200 : 207, g -> {
      g.writeStartObject();
      g.writeStringProperty("status", "COMPLETE");
      g.writeArrayPropertyStart("results");
      for (Map.Entry<String, List<AssociationIndex.Link>> e : with) {
        g.writeStartObject();
        g.writeObjectPropertyStart("from");
        g.writeStringProperty("id", e.getKey());
        g.writeEndObject();
        g.writeArrayPropertyStart("to");
        for (AssociationIndex.Link l : e.getValue()) {
          g.writeStartObject();
          g.writeNumberProperty("toObjectId", l.toId());
          g.writeArrayPropertyStart("associationTypes");
          g.writeStartObject();
          g.writeStringProperty("category", "HUBSPOT_DEFINED");
          g.writeNumberProperty("typeId", l.typeId());
          g.writeNullProperty("label");
          g.writeEndObject();
          g.writeEndArray();
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      if (!without.isEmpty()) {
        g.writeNumberProperty("numErrors", without.size());
        g.writeArrayPropertyStart("errors");
        for (String id : without) {
          writeNotFound(g, "crm.associations.NO_ASSOCIATIONS_FOUND", "No " + AssociationIndex.singular(to)
              + " is associated with " + AssociationIndex.singular(from) + " " + id + ".", "fromObjectId", List.of(id));
        }
        g.writeEndArray();
      }
      writeBatchEnd(g, now);
    });
  }

  void writeRecord(JsonGenerator g, String type, HubSpotRecord r, List<String> props, List<String> assoc) {
    Map<String, PropertyDefinition> defs = catalog.definitions(type);
    g.writeStartObject();
    g.writeStringProperty("id", Long.toString(r.id()));
    g.writeObjectPropertyStart("properties");
    for (String name : props) {
      if (defs.containsKey(name)) {
        String v = r.properties().get(name);
        if (v == null) {
          g.writeNullProperty(name);
        } else {
          g.writeStringProperty(name, v);
        }
      }
    }
    g.writeEndObject();
    g.writeStringProperty("createdAt", Timestamps.format(r.createdAt()));
    g.writeStringProperty("updatedAt", Timestamps.format(r.updatedAt()));
    g.writeBooleanProperty("archived", r.archived());
    if (r.archived()) {
      g.writeStringProperty("archivedAt", Timestamps.format(r.archivedAt()));
    }
    boolean opened = false;
    for (String to : assoc) {
      List<AssociationIndex.Link> links = associations.links(type, r.id(), to);
      if (links.isEmpty()) {
        continue;
      }
      if (!opened) {
        g.writeObjectPropertyStart("associations");
        opened = true;
      }
      g.writeObjectPropertyStart(to);
      g.writeArrayPropertyStart("results");
      for (AssociationIndex.Link l : links) {
        g.writeStartObject();
        g.writeStringProperty("id", Long.toString(l.toId()));
        g.writeStringProperty("type", l.typeName());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    if (opened) {
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static List<String> associationList(Map<String, String> query) {
    String param = query.get("associations");
    return param == null ? List.of() : Arrays.stream(param.split(",")).map(String::trim)
        .map(HubSpotObjects::canonical).filter(t -> t != null).distinct().toList();
  }

  List<String> propertyList(String type, String param) {
    if (param == null || param.isBlank()) {
      return PropertyCatalog.defaults(type);
    }
    return Arrays.stream(param.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
  }

  // ---- metadata ----

  private ApiResponse properties(String pathType) {
    String type = HubSpotObjects.canonical(pathType);
    if (type == null) {
      return error(400, "VALIDATION_ERROR", "Unable to infer object type from: " + pathType);
    }
    Collection<PropertyDefinition> defs = catalog.definitions(type).values();
    String created = Timestamps.format(Business.AS_OF.minusSeconds(86_400L * 900));
    return json(200, g -> {
      g.writeStartObject();
      g.writeArrayPropertyStart("results");
      int order = 0;
      for (PropertyDefinition d : defs) {
        g.writeStartObject();
        g.writeStringProperty("name", d.name());
        g.writeStringProperty("label", d.label());
        g.writeStringProperty("type", d.type());
        g.writeStringProperty("fieldType", d.fieldType());
        g.writeStringProperty("description", "");
        g.writeStringProperty("groupName", d.groupName());
        g.writeArrayPropertyStart("options");
        g.writeEndArray();
        g.writeStringProperty("createdAt", created);
        g.writeStringProperty("updatedAt", created);
        g.writeNumberProperty("displayOrder", d.custom() ? order++ : -1);
        g.writeBooleanProperty("calculated", d.calculated());
        g.writeBooleanProperty("externalOptions", false);
        g.writeBooleanProperty("hasUniqueValue", d.hasUniqueValue());
        g.writeBooleanProperty("hidden", d.hidden());
        g.writeBooleanProperty("hubspotDefined", !d.custom());
        g.writeBooleanProperty("archived", false);
        g.writeObjectPropertyStart("modificationMetadata");
        g.writeBooleanProperty("archivable", d.custom());
        g.writeBooleanProperty("readOnlyDefinition", !d.custom());
        g.writeBooleanProperty("readOnlyValue", d.calculated());
        g.writeEndObject();
        g.writeBooleanProperty("formField", d.custom());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  private ApiResponse owners(Map<String, String> query) {
    int limit = Math.min(500, Math.max(1, intParam(query, "limit", 100)));
    boolean archived = "true".equalsIgnoreCase(query.get("archived"));
    Paging.Slice<Owner> page = Paging.slice(business.owners().stream().filter(o -> o.archived() == archived).toList(),
        longParam(query, "after", 0), limit);
    return json(200, g -> {
      g.writeStartObject();
      g.writeArrayPropertyStart("results");
      for (Owner o : page.items()) {
        g.writeStartObject();
        g.writeStringProperty("id", o.id());
        g.writeStringProperty("email", o.email());
        g.writeStringProperty("type", "PERSON");
        g.writeStringProperty("firstName", o.firstName());
        g.writeStringProperty("lastName", o.lastName());
        g.writeNumberProperty("userId", o.userId());
        g.writeNumberProperty("userIdIncludingInactive", o.userId());
        g.writeStringProperty("createdAt", Timestamps.format(o.createdAt()));
        g.writeStringProperty("updatedAt", Timestamps.format(o.updatedAt()));
        g.writeBooleanProperty("archived", o.archived());
        g.writeArrayPropertyStart("teams");
        for (Team t : o.teams()) {
          g.writeStartObject();
          g.writeStringProperty("id", t.id());
          g.writeStringProperty("name", t.name());
          g.writeBooleanProperty("primary", t.primary());
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      if (page.next() != null) {
        writePaging(g, page.next().toString(), baseUrl + "/crm/v3/owners?limit=" + limit + "&after=" + page.next());
      }
      g.writeEndObject();
    });
  }

  private ApiResponse pipelines(String objectType) {
    List<Pipeline> list = switch (objectType) {
      case "deals", "deal", "0-3" -> business.dealPipelines();
      case "tickets", "ticket", "0-5" -> business.ticketPipelines();
      default -> null;
    };
    if (list == null) {
      return error(400, "VALIDATION_ERROR", "Unable to infer object type from: " + objectType);
    }
    return json(200, g -> {
      g.writeStartObject();
      g.writeArrayPropertyStart("results");
      for (Pipeline p : list) {
        g.writeStartObject();
        g.writeStringProperty("label", p.label());
        g.writeNumberProperty("displayOrder", p.displayOrder());
        g.writeStringProperty("id", p.id());
        g.writeArrayPropertyStart("stages");
        for (Stage s : p.stages()) {
          g.writeStartObject();
          g.writeStringProperty("label", s.label());
          g.writeNumberProperty("displayOrder", s.displayOrder());
          g.writeObjectPropertyStart("metadata");
          if (s.ticketState() != null) {
            g.writeStringProperty("ticketState", s.ticketState());
            g.writeStringProperty("isClosed", Boolean.toString(s.closed()));
          } else {
            g.writeStringProperty("isClosed", Boolean.toString(s.closed()));
            g.writeStringProperty("probability", s.probability().toPlainString());
          }
          g.writeEndObject();
          g.writeStringProperty("id", s.id());
          g.writeStringProperty("createdAt", Timestamps.format(p.createdAt()));
          g.writeStringProperty("updatedAt", Timestamps.format(p.updatedAt()));
          g.writeBooleanProperty("archived", false);
          g.writeStringProperty("writePermissions", "CRM_PERMISSIONS_ENFORCEMENT");
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeStringProperty("createdAt", Timestamps.format(p.createdAt()));
        g.writeStringProperty("updatedAt", Timestamps.format(p.updatedAt()));
        g.writeBooleanProperty("archived", false);
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  /**
   * The portal's exchange rates (settings API): every rate ever set, oldest first, each to the company currency
   * ({@code conversionRate} = company-currency units per 1 {@code fromCurrencyCode}) from {@code effectiveAt}.
   */
  private ApiResponse exchangeRates(Map<String, String> query) {
    int limit = Math.min(100, Math.max(1, intParam(query, "limit", 100)));
    List<OrgRates.DatedRate> all = new ArrayList<>();
    OrgRates.FOREIGN.forEach(c -> all.addAll(OrgRates.hubspotPortal(c)));
    Paging.Slice<OrgRates.DatedRate> page = Paging.slice(all, longParam(query, "after", 0), limit);
    return json(200, g -> {
      g.writeStartObject();
      g.writeArrayPropertyStart("results");
      long id = longParam(query, "after", 0);
      for (OrgRates.DatedRate r : page.items()) {
        String at = r.start() + "T00:00:00Z";
        g.writeStartObject();
        g.writeNumberProperty("conversionRate", r.rate());
        g.writeStringProperty("createdAt", at);
        g.writeStringProperty("effectiveAt", at);
        g.writeStringProperty("fromCurrencyCode", r.currency());
        g.writeStringProperty("id", Long.toString(1000 + id++));
        g.writeStringProperty("toCurrencyCode", OrgRates.HOME);
        g.writeStringProperty("updatedAt", at);
        g.writeBooleanProperty("visibleInUI", !r.start().isAfter(AS_OF_DAY) && r.nextStart().isAfter(AS_OF_DAY));
        g.writeEndObject();
      }
      g.writeEndArray();
      if (page.next() != null) {
        writePaging(g, page.next().toString(), baseUrl + "/settings/v3/currencies/exchange-rates?limit=" + limit
            + "&after=" + page.next());
      }
      g.writeEndObject();
    });
  }

  /** The rate in effect on the business's as-of day is the one the portal's settings page shows. */
  private static final java.time.LocalDate AS_OF_DAY = java.time.LocalDate.ofInstant(Business.AS_OF, java.time.ZoneOffset.UTC);

  private ApiResponse marketingEmails(Map<String, String> query) {
    int limit = Math.min(100, Math.max(1, intParam(query, "limit", 10)));
    long after = longParam(query, "after", 0);
    boolean stats = "true".equalsIgnoreCase(query.get("includeStats"));
    boolean archived = "true".equalsIgnoreCase(query.get("archived"));
    NavigableMap<Long, ?> all = business.byId("marketing_emails");
    List<MarketingEmail> page = new ArrayList<>();
    Long next = null;
    if (!archived) {
      for (Map.Entry<Long, ?> e : all.tailMap(after, true).entrySet()) {
        if (page.size() == limit) {
          next = e.getKey();
          break;
        }
        page.add((MarketingEmail) e.getValue());
      }
    }
    Long nextAfter = next;
    int total = archived ? 0 : all.size();
    return json(200, g -> {
      g.writeStartObject();
      g.writeNumberProperty("total", total);
      g.writeArrayPropertyStart("results");
      for (MarketingEmail m : page) {
        g.writeStartObject();
        g.writeStringProperty("id", m.id());
        g.writeStringProperty("name", m.name());
        g.writeStringProperty("subject", m.subject());
        g.writeStringProperty("state", m.state());
        g.writeStringProperty("type", "BATCH_EMAIL");
        if (m.campaignId() != null) { // the e-mail's campaign (guid) and its name, as /marketing/v3/emails gives them
          g.writeStringProperty("campaign", m.campaignId());
          g.writeStringProperty("campaignName", m.campaignName());
        }
        if (m.publishedAt() != null) {
          g.writeStringProperty("publishDate", Timestamps.format(m.publishedAt()));
        }
        g.writeBooleanProperty("isPublished", m.publishedAt() != null);
        g.writeStringProperty("createdAt", Timestamps.format(m.createdAt()));
        g.writeStringProperty("updatedAt", Timestamps.format(m.updatedAt()));
        g.writeBooleanProperty("archived", false);
        if (stats) {
          g.writeObjectPropertyStart("stats");
          g.writeObjectPropertyStart("counters");
          g.writeNumberProperty("sent", m.sent());
          g.writeNumberProperty("delivered", m.delivered());
          g.writeNumberProperty("open", m.opened());
          g.writeNumberProperty("click", m.clicked());
          g.writeNumberProperty("bounce", m.bounced());
          g.writeNumberProperty("unsubscribed", m.unsubscribed());
          g.writeNumberProperty("spamreport", m.spamReports());
          g.writeEndObject();
          g.writeObjectPropertyStart("ratios");
          ratio(g, "deliveredratio", m.delivered(), m.sent());
          ratio(g, "openratio", m.opened(), m.delivered());
          ratio(g, "clickratio", m.clicked(), m.delivered());
          ratio(g, "clickthroughratio", m.clicked(), m.opened());
          ratio(g, "bounceratio", m.bounced(), m.sent());
          ratio(g, "unsubscribedratio", m.unsubscribed(), m.delivered());
          ratio(g, "spamreportratio", m.spamReports(), m.delivered());
          g.writeEndObject();
          g.writeEndObject();
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      if (nextAfter != null) {
        writePaging(g, Long.toString(nextAfter), baseUrl + "/marketing/v3/emails?limit=" + limit + "&after=" + nextAfter);
      }
      g.writeEndObject();
    });
  }

  private static void ratio(JsonGenerator g, String name, long num, long den) {
    BigDecimal r = den == 0 ? BigDecimal.ZERO
        : BigDecimal.valueOf(num * 100).divide(BigDecimal.valueOf(den), 2, RoundingMode.HALF_UP);
    g.writeName(name);
    g.writeNumber(r);
  }

  // ---- rendering helpers ----

  static void writePaging(JsonGenerator g, String after, String link) {
    g.writeObjectPropertyStart("paging");
    g.writeObjectPropertyStart("next");
    g.writeStringProperty("after", after);
    if (link != null) {
      g.writeStringProperty("link", link);
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  static ApiResponse json(int status, Consumer<JsonGenerator> writer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      writer.accept(g);
    }
    return ApiResponse.json(status, out.toByteArray());
  }

  ApiResponse error(int status, String category, String message) {
    return json(status, g -> {
      g.writeStartObject();
      g.writeStringProperty("status", "error");
      g.writeStringProperty("message", message);
      g.writeStringProperty("correlationId", correlationId());
      g.writeStringProperty("category", category);
      g.writeEndObject();
    });
  }

  String correlationId() {
    return new UUID(0x5a4db0c5L, correlation.incrementAndGet()).toString();
  }

  private static int intParam(Map<String, String> q, String name, int dflt) {
    return (int) Paging.number(q, name, dflt, v -> new BadRequest("Invalid " + name + ": '" + v + "' is not a number"));
  }

  private static long longParam(Map<String, String> q, String name, long dflt) {
    return Paging.number(q, name, dflt, v -> new BadRequest("Invalid " + name + ": '" + v + "' is not a valid cursor"));
  }
}
