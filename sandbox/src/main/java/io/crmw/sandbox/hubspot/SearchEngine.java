package io.crmw.sandbox.hubspot;

import io.crmw.sandbox.Paging;
import io.crmw.sandbox.business.Business;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /crm/v3/objects/{type}/search}: OR of filter groups, AND within a group, one sort, offset paging,
 * archived records never returned, and the 10,000-result cap (a page reaching past it is a 400).
 */
final class SearchEngine {

  private record Filter(String property, String operator, String value, List<String> values) {
  }

  private record CachedResult(long version, List<HubSpotRecord> matches) {
  }

  private final Business business;
  private final HubSpotObjects objects;
  private final PropertyCatalog catalog;
  private final int resultCap;
  private final Map<String, CachedResult> cache = new ConcurrentHashMap<>();

  SearchEngine(Business business, HubSpotObjects objects, PropertyCatalog catalog, int resultCap) {
    this.business = business;
    this.objects = objects;
    this.catalog = catalog;
    this.resultCap = resultCap;
  }

  /** Drops the cached results of {@code type}'s queries (a purge changes them without a business version). */
  void forget(String type) {
    cache.keySet().removeIf(k -> k.startsWith(type + "|"));
  }

  ApiResponse search(String type, JsonNode body, HubSpotApi api) {
    int limit = body.path("limit").asInt(10);
    if (limit > 200) {
      throw new HubSpotApi.BadRequest("limit must be at most 200, was " + limit);
    }
    limit = Math.max(1, limit);
    long after;
    try {
      after = body.path("after").isMissingNode() || body.path("after").isNull() ? 0
          : Long.parseLong(body.path("after").asString().trim());
    } catch (NumberFormatException e) {
      throw new HubSpotApi.BadRequest("after must be a numeric offset");
    }
    if (after + limit > resultCap) {
      throw new HubSpotApi.BadRequest("Paging through more than " + resultCap
          + " results is not supported; refine the search filters (after=" + after + ", limit=" + limit + ")");
    }
    List<List<Filter>> groups = groups(body);
    String sortProperty = null;
    boolean descending = false;
    JsonNode sorts = body.path("sorts");
    if (sorts.size() > 1) {
      throw new HubSpotApi.BadRequest("Only one sort is supported");
    }
    if (sorts.size() == 1) {
      JsonNode s = sorts.get(0);
      sortProperty = s.isString() ? s.asString() : s.path("propertyName").asString();
      descending = s.isObject() && "DESCENDING".equalsIgnoreCase(s.path("direction").asString(""));
    }
    List<String> props = new ArrayList<>();
    body.path("properties").forEach(p -> props.add(p.asString()));
    List<String> wanted = props.isEmpty() ? PropertyCatalog.defaults(type) : props;

    String key = type + "|" + groups + "|" + sortProperty + "|" + descending;
    CachedResult cached = cache.get(key);
    if (cached == null || cached.version() != business.version()) {
      cached = new CachedResult(business.version(), matches(type, groups, sortProperty, descending));
      if (cache.size() > 32) {
        cache.clear(); // only the queries being paged right now are worth keeping
      }
      cache.put(key, cached);
    }
    List<HubSpotRecord> all = cached.matches();
    Paging.Slice<HubSpotRecord> page = Paging.slice(all, after, limit);
    return HubSpotApi.json(200, g -> {
      g.writeStartObject();
      g.writeNumberProperty("total", all.size());
      g.writeArrayPropertyStart("results");
      for (HubSpotRecord r : page.items()) {
        api.writeRecord(g, type, r, wanted, List.of());
      }
      g.writeEndArray();
      if (page.next() != null) {
        HubSpotApi.writePaging(g, page.next().toString(), null);
      }
      g.writeEndObject();
    });
  }

  private List<List<Filter>> groups(JsonNode body) {
    List<List<Filter>> groups = new ArrayList<>();
    int total = 0;
    for (JsonNode group : body.path("filterGroups")) {
      List<Filter> filters = new ArrayList<>();
      for (JsonNode f : group.path("filters")) {
        List<String> values = new ArrayList<>();
        f.path("values").forEach(v -> values.add(v.asString()));
        JsonNode value = f.path("value");
        filters.add(new Filter(f.path("propertyName").asString(), f.path("operator").asString("EQ").toUpperCase(),
            value.isMissingNode() || value.isNull() ? null : value.asString(), values));
      }
      if (filters.size() > 6) {
        throw new HubSpotApi.BadRequest("A filter group can have at most 6 filters, got " + filters.size());
      }
      total += filters.size();
      groups.add(filters);
    }
    if (groups.size() > 5) {
      throw new HubSpotApi.BadRequest("At most 5 filterGroups are allowed, got " + groups.size());
    }
    if (total > 18) {
      throw new HubSpotApi.BadRequest("At most 18 filters are allowed in total, got " + total);
    }
    return groups;
  }

  private List<HubSpotRecord> matches(String type, List<List<Filter>> groups, String sortProperty, boolean desc) {
    Map<String, PropertyDefinition> defs = catalog.definitions(type);
    NavigableMap<Long, ?> all = business.byId(type, io.crmw.sandbox.business.Crm.HUBSPOT);
    List<HubSpotRecord> out = new ArrayList<>();
    for (Map.Entry<Long, ?> e : all.entrySet()) {
      HubSpotRecord r = objects.visible(type, e.getKey(), e.getValue(), false);
      if (r == null) {
        continue;
      }
      if (groups.isEmpty() || groups.stream().anyMatch(g -> g.stream().allMatch(f -> test(f, r, defs)))) {
        out.add(r);
      }
    }
    if (sortProperty != null) {
      PropertyDefinition def = defs.get(sortProperty);
      // decorate once, so each value is parsed once rather than on every comparison
      List<Map.Entry<Comparable<Object>, HubSpotRecord>> keyed = new ArrayList<>(out.size());
      for (HubSpotRecord r : out) {
        keyed.add(new java.util.AbstractMap.SimpleImmutableEntry<>(sortKey(def, r.properties().get(sortProperty)), r));
      }
      Comparator<Comparable<Object>> values = desc ? Comparator.<Comparable<Object>>naturalOrder().reversed()
          : Comparator.naturalOrder();
      keyed.sort(Comparator.comparing((Map.Entry<Comparable<Object>, HubSpotRecord> e) -> e.getKey(),
              Comparator.nullsLast(values))
          .thenComparingLong(e -> e.getValue().id()));
      out = new ArrayList<>(keyed.size());
      for (Map.Entry<Comparable<Object>, HubSpotRecord> e : keyed) {
        out.add(e.getValue());
      }
    }
    return List.copyOf(out);
  }

  @SuppressWarnings("unchecked")
  private static Comparable<Object> sortKey(PropertyDefinition def, String value) {
    if (value == null) {
      return null;
    }
    Comparable<?> key;
    if (def != null && def.isTime()) {
      key = Timestamps.toEpochMillis(value);
    } else if (def != null && def.isNumber()) {
      key = new BigDecimal(value.trim());
    } else {
      key = value.toLowerCase(java.util.Locale.ROOT);
    }
    return (Comparable<Object>) key;
  }

  private static boolean test(Filter f, HubSpotRecord r, Map<String, PropertyDefinition> defs) {
    PropertyDefinition def = defs.get(f.property());
    String actual = def == null ? null : r.properties().get(f.property());
    boolean has = actual != null && !actual.isEmpty();
    switch (f.operator()) {
      case "HAS_PROPERTY":
        return has;
      case "NOT_HAS_PROPERTY":
        return !has;
      case "IN":
        return has && f.values().stream().anyMatch(v -> compare(def, actual, v) == 0);
      case "NOT_IN":
        return !has || f.values().stream().noneMatch(v -> compare(def, actual, v) == 0);
      default:
        break;
    }
    if (f.value() == null) {
      throw new HubSpotApi.BadRequest("filter on " + f.property() + " with operator " + f.operator() + " needs a value");
    }
    if (!has) {
      return f.operator().equals("NEQ");
    }
    int c = compare(def, actual, f.value());
    return switch (f.operator()) {
      case "EQ" -> c == 0;
      case "NEQ" -> c != 0;
      case "GT" -> c > 0;
      case "GTE" -> c >= 0;
      case "LT" -> c < 0;
      case "LTE" -> c <= 0;
      default -> throw new HubSpotApi.BadRequest("Unsupported operator " + f.operator());
    };
  }

  /** Times compare as epoch ms, numbers numerically, everything else case-insensitively. */
  private static int compare(PropertyDefinition def, String actual, String expected) {
    try {
      if (def != null && def.isTime()) {
        return Long.compare(Timestamps.toEpochMillis(actual), Timestamps.toEpochMillis(expected));
      }
      if (def != null && def.isNumber()) {
        return new BigDecimal(actual.trim()).compareTo(new BigDecimal(expected.trim()));
      }
    } catch (RuntimeException e) {
      throw new HubSpotApi.BadRequest("'" + expected + "' is not a valid value for property " + def.name());
    }
    return actual.compareToIgnoreCase(expected);
  }
}
