package io.crmw.sandbox.zoho;

import static io.crmw.sandbox.SimulatedApi.object;

import io.crmw.sandbox.SimulatedApi;
import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.BusinessGenerator;
import io.crmw.sandbox.business.Pipeline;
import io.crmw.sandbox.business.Stage;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The org's metadata: its fields per module (from {@code zoho/reference.json}, custom ones ending in {@code __c}),
 * the Deals standard layout and pipeline with the Stage picklist, the org, its currencies and roles; and the org's
 * way of writing times (ISO-8601 with the offset of its time zone, Europe/Berlin).
 */
final class ZohoCatalog {

  static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX").withZone(ZONE);
  private static final Map<String, Object> REFERENCE = SimulatedApi.resource("/zoho/reference.json");
  private static final Map<String, List<List<String>>> FIELDS = reference("fields");
  static final List<String> MODULES = List.copyOf(FIELDS.keySet());
  private static final Instant CREATED = Business.AS_OF.minus(Duration.ofDays(3 * 365));

  private ZohoCatalog() {
  }

  static String time(Instant t) {
    return t == null ? null : TIME.format(t);
  }

  static Instant parseTime(String iso) {
    return OffsetDateTime.parse(iso.trim()).toInstant();
  }

  /** A stable id for a piece of metadata (a role, a field, a stage…). */
  static String metaId(String name) {
    return Long.toString(ZohoRecords.id(ZohoRecords.Kind.META, Math.floorMod(name.hashCode(), 1_000_000_000L)));
  }

  static String leadSource(String source) {
    return ZohoCatalog.<Map<String, String>>reference("leadSources").getOrDefault(source, source);
  }

  static String leadStatus(String status) {
    return ZohoCatalog.<Map<String, String>>reference("leadStatus").getOrDefault(status, status);
  }

  /** API names of a module's fields ({@code id} first), or null for a module not served. */
  static Set<String> fieldNames(String module) {
    List<List<String>> fields = FIELDS.get(module);
    return fields == null ? null : fields.stream().map(f -> f.get(0)).collect(Collectors.toCollection(
        () -> new LinkedHashSet<>(List.of("id"))));
  }

  /** {@code /settings/fields?module=}: each field with its type; Deals' Stage with its picklist and probabilities. */
  static List<Map<String, Object>> fields(String module, Pipeline sales) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (List<String> f : FIELDS.get(module)) {
      String name = f.get(0);
      String type = f.get(1);
      Map<String, Object> j = object("id", metaId("field:" + module + "." + name), "api_name", name,
          "field_label", name.replace("__c", "").replace("__s", "").replace('_', ' '), "data_type", type,
          "json_type", switch (type) {
            case "lookup", "ownerlookup" -> "jsonobject";
            case "subform", "multiselectlookup" -> "jsonarray";
            case "integer" -> "integer";
            case "currency", "double" -> "double";
            case "boolean" -> "boolean";
            default -> "string";
          }, "custom_field", name.endsWith("__c"), "visible", true, "read_only", name.endsWith("_Time"));
      if (type.equals("picklist")) {
        j.put("pick_list_values", module.equals("Deals") && name.equals("Stage") ? stages(sales) : List.of());
      }
      out.add(j);
    }
    return out;
  }

  private static List<Map<String, Object>> stages(Pipeline sales) {
    return sales.stages().stream().map(s -> object("id", metaId("stage:" + s.id()), "display_value", s.label(),
        "actual_value", s.label(), "sequence_number", s.displayOrder() + 1, "probability", ZohoRecords.probability(s),
        "forecast_type", forecastType(s), "forecast_category", object("name", forecastCategory(s), "id",
            metaId("forecast:" + forecastCategory(s))))).toList();
  }

  private static String forecastType(Stage s) {
    return s.won() ? "Closed Won" : s.lost() ? "Closed Lost" : "Open";
  }

  private static String forecastCategory(Stage s) {
    return s.won() ? "Closed" : s.lost() ? "Omitted" : "Pipeline";
  }

  static Map<String, Object> standardLayout() {
    return object("name", "Standard", "id", metaId("layout:Standard"));
  }

  static List<Map<String, Object>> layouts(String module) {
    Map<String, Object> j = standardLayout();
    j.putAll(object("api_name", "Standard", "status", "active", "visible", true, "module", module,
        "created_time", time(CREATED), "modified_time", time(CREATED)));
    return List.of(j);
  }

  /** {@code /settings/pipeline}: the one pipeline of the Deals standard layout, its stages as maps. */
  static List<Map<String, Object>> pipelines(Pipeline sales) {
    return List.of(object("id", metaId("pipeline:" + BusinessGenerator.DEFAULT_PIPELINE), "display_value", "Standard",
        "actual_value", "Standard", "default", true, "child_available", false, "maps", sales.stages().stream()
            .map(s -> object("id", metaId("stage:" + s.id()), "display_value", s.label(), "actual_value", s.label(),
                "sequence_number", s.displayOrder() + 1, "forecast_type", forecastType(s),
                "forecast_category", object("name", forecastCategory(s), "id", metaId("forecast:"
                    + forecastCategory(s))))).toList()));
  }

  static Map<String, Object> org() {
    return object("id", metaId("org"), "company_name", "Crmw Sandbox GmbH", "domain_name", "org20098765",
        "time_zone", ZONE.getId(), "iso_code", "USD", "currency", "US Dollar - USD", "currency_symbol", "$",
        "currency_locale", "en_US", "mc_status", true, "country", "Germany", "country_code", "DE",
        "primary_email", "admin@crmw-sandbox.example", "type", "production", "zgid", "20098765",
        "license_details", object("paid", true, "paid_type", "standard", "users_license_purchased", 10));
  }

  static List<Map<String, Object>> currencies() {
    return List.of("USD", "EUR", "GBP").stream().map(c -> object("id", metaId("currency:" + c), "iso_code", c,
        "name", Map.of("USD", "US Dollar", "EUR", "Euro", "GBP", "Pound Sterling").get(c) + " - " + c,
        "symbol", Map.of("USD", "$", "EUR", "€", "GBP", "£").get(c), "is_base", c.equals("USD"), "is_active", true,
        "exchange_rate", ZohoRecords.PER_USD.get(c).toPlainString(), "created_time", time(CREATED),
        "modified_time", time(CREATED))).toList();
  }

  static List<Map<String, Object>> roles() {
    List<String> names = reference("roles");
    return names.stream().map(n -> object("id", metaId("role:" + n), "name", n, "display_label", n,
        "reporting_to", n.equals("CEO") ? null : object("name", n.equals("Manager") ? "CEO" : "Manager", "id",
            metaId("role:" + (n.equals("Manager") ? "CEO" : "Manager"))), "admin_user", n.equals("CEO"))).toList();
  }

  @SuppressWarnings("unchecked")
  static <T> T reference(String name) {
    return (T) REFERENCE.get(name);
  }
}
