package io.crmw.sandbox.pipedrive;

import static io.crmw.sandbox.pipedrive.PdRecords.obj;

import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.BusinessGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The account's field catalogue (v2 Fields API), its custom-field keys, and the fixed v1 reference lists. */
final class PdFields {

  static final String COMMISSION = PdIds.fieldKey("deal", "Partner commission");
  static final String REGION = PdIds.fieldKey("deal", "Region");
  static final String SOURCE = PdIds.fieldKey("deal", "Lead source");
  static final String LIFECYCLE = PdIds.fieldKey("person", "Lifecycle stage");
  static final String EMPLOYEES = PdIds.fieldKey("organization", "Employees");
  static final int REGION_OPTION = 31;
  static final int SOURCE_OPTION = 41;
  static final int LIFECYCLE_OPTION = 51;
  static final List<String> LIFECYCLE_STAGES = List.of("subscriber", "lead", "marketingqualifiedlead",
      "salesqualifiedlead", "opportunity", "customer", "evangelist", "other");
  /** Pipedrive lead source names, by position of {@link BusinessGenerator#LEAD_SOURCES}. */
  static final List<String> LEAD_SOURCES = List.of("Website visitors", "Web forms", "Workflow automation",
      "Live chat", "Manually created", "Prospector", "Import");
  static final List<String> LEAD_LABELS = List.of("Hot", "Warm", "Cold");
  private static final Instant CREATED = Business.AS_OF.minusSeconds(3L * 365 * 86_400);
  /** Standard fields per entity as {@code code/name/type}; every entity also has id, owner and the two times. */
  private static final Map<String, String> STANDARD = Map.of(
      "deal", "title/Title/varchar,value/Value/monetary,status/Status/status,stage_id/Stage/stage,"
          + "person_id/Contact person/people,org_id/Organization/org,expected_close_date/Expected close date/date,"
          + "lost_reason/Lost reason/varchar",
      "person", "name/Name/varchar,emails/Email/varchar,org_id/Organization/org",
      "organization", "name/Name/varchar,website/Website/varchar,address/Address/address",
      "product", "name/Name/varchar,code/Product code/varchar,prices/Price/monetary",
      "activity", "subject/Subject/varchar,type/Type/enum,done/Done/enum,due_date/Due date/date,"
          + "duration/Duration/time");

  private PdFields() {
  }

  static Integer option(int first, List<String> values, String value) {
    int i = values.indexOf(value);
    return i < 0 ? null : first + i;
  }

  /** v2 Fields items of one entity: deal, person, organization, product or activity. */
  static List<PdRow> fields(String entity) {
    List<PdRow> out = new ArrayList<>();
    for (String f : ("id/ID/int,owner_id/Owner/user,add_time/Created/date,update_time/Update time/date,"
        + STANDARD.get(entity)).split(",")) {
      String[] x = f.split("/");
      add(out, x[0], x[1], x[2], null, 0);
    }
    switch (entity) {
      case "deal" -> {
        add(out, COMMISSION, "Partner commission", "monetary", null, 0);
        add(out, REGION, "Region", "enum", BusinessGenerator.REGIONS, REGION_OPTION);
        add(out, SOURCE, "Lead source", "enum", BusinessGenerator.LEAD_SOURCES, SOURCE_OPTION);
      }
      case "person" -> add(out, LIFECYCLE, "Lifecycle stage", "enum", LIFECYCLE_STAGES, LIFECYCLE_OPTION);
      case "organization" -> add(out, EMPLOYEES, "Employees", "double", null, 0);
      default -> {
      }
    }
    return out;
  }

  private static void add(List<PdRow> out, String code, String name, String type, List<String> options, int first) {
    boolean custom = code.length() == 40;
    out.add(new PdRow(out.size() + 1L, CREATED, CREATED, obj("field_code", code, "field_name", name,
        "field_type", type, "options", options == null ? null : options.stream()
            .map(label -> obj("id", first + options.indexOf(label), "label", label)).toList(),
        "subfields", null, "is_custom_field", custom, "is_optional_response_field", !custom && !code.equals("id"))));
  }

  static List<Map<String, Object>> activityTypes() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String key : List.of("call", "meeting", "task", "deadline", "email", "lunch")) {
      out.add(obj("id", out.size() + 1, "name", Character.toUpperCase(key.charAt(0)) + key.substring(1),
          "icon_key", key, "key_string", key, "active_flag", true, "is_custom_flag", false, "order_nr", out.size() + 1,
          "color", null, "add_time", PdRecords.V1_TIME.format(CREATED), "update_time", null));
    }
    return out;
  }

  static List<Map<String, Object>> currencies() {
    Object[][] c = {{"USD", "US Dollar", 2, "$"}, {"EUR", "Euro", 2, "€"}, {"GBP", "British Pound", 2, "£"},
        {"CHF", "Swiss Franc", 2, "CHF"}, {"JPY", "Japanese Yen", 0, "¥"}};
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object[] x : c) {
      out.add(obj("id", out.size() + 1, "code", x[0], "name", x[1], "decimal_points", x[2], "symbol", x[3],
          "active_flag", true, "is_custom_flag", false));
    }
    return out;
  }

  static List<Map<String, Object>> leadSources() {
    return LEAD_SOURCES.stream().map(n -> obj("name", n)).toList();
  }

  static List<Map<String, Object>> leadLabels() {
    List<String> colors = List.of("red", "yellow", "blue");
    return LEAD_LABELS.stream().map(n -> obj("id", PdIds.uuid("label:" + n), "name", n,
        "color", colors.get(LEAD_LABELS.indexOf(n)), "add_time", CREATED.toString(),
        "update_time", CREATED.toString())).toList();
  }
}
