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

  private PdFields() {
  }

  static Integer option(int first, List<String> values, String value) {
    int i = values.indexOf(value);
    return i < 0 ? null : first + i;
  }

  /** v2 Fields items of one entity: deal, person, organization, product or activity. */
  static List<PdRow> fields(String entity) {
    List<Object[]> f = new ArrayList<>(List.of(new Object[] {"id", "ID", "int"},
        new Object[] {"owner_id", "Owner", "user"}, new Object[] {"add_time", "Created", "date"},
        new Object[] {"update_time", "Update time", "date"}));
    switch (entity) {
      case "deal" -> {
        f.add(new Object[] {"title", "Title", "varchar"});
        f.add(new Object[] {"value", "Value", "monetary"});
        f.add(new Object[] {"status", "Status", "status"});
        f.add(new Object[] {"stage_id", "Stage", "stage"});
        f.add(new Object[] {"person_id", "Contact person", "people"});
        f.add(new Object[] {"org_id", "Organization", "org"});
        f.add(new Object[] {"expected_close_date", "Expected close date", "date"});
        f.add(new Object[] {"lost_reason", "Lost reason", "varchar"});
        f.add(new Object[] {COMMISSION, "Partner commission", "monetary"});
        f.add(new Object[] {REGION, "Region", "enum", BusinessGenerator.REGIONS, REGION_OPTION});
        f.add(new Object[] {SOURCE, "Lead source", "enum", BusinessGenerator.LEAD_SOURCES, SOURCE_OPTION});
      }
      case "person" -> {
        f.add(new Object[] {"name", "Name", "varchar"});
        f.add(new Object[] {"emails", "Email", "varchar"});
        f.add(new Object[] {"org_id", "Organization", "org"});
        f.add(new Object[] {LIFECYCLE, "Lifecycle stage", "enum", LIFECYCLE_STAGES, LIFECYCLE_OPTION});
      }
      case "organization" -> {
        f.add(new Object[] {"name", "Name", "varchar"});
        f.add(new Object[] {"website", "Website", "varchar"});
        f.add(new Object[] {"address", "Address", "address"});
        f.add(new Object[] {EMPLOYEES, "Employees", "double"});
      }
      case "product" -> {
        f.add(new Object[] {"name", "Name", "varchar"});
        f.add(new Object[] {"code", "Product code", "varchar"});
        f.add(new Object[] {"prices", "Price", "monetary"});
      }
      default -> {
        f.add(new Object[] {"subject", "Subject", "varchar"});
        f.add(new Object[] {"type", "Type", "enum"});
        f.add(new Object[] {"done", "Done", "enum"});
        f.add(new Object[] {"due_date", "Due date", "date"});
        f.add(new Object[] {"duration", "Duration", "time"});
      }
    }
    List<PdRow> out = new ArrayList<>();
    for (Object[] x : f) {
      boolean custom = ((String) x[0]).length() == 40;
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> options = x.length < 5 ? null : ((List<String>) x[3]).stream()
          .map(label -> obj("id", (int) x[4] + ((List<?>) x[3]).indexOf(label), "label", label)).toList();
      out.add(new PdRow(out.size() + 1L, CREATED, CREATED, obj("field_code", x[0], "field_name", x[1],
          "field_type", x[2], "options", options, "subfields", null, "is_custom_field", custom,
          "is_optional_response_field", !custom && !x[0].equals("id"))));
    }
    return out;
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
    return LEAD_SOURCES.stream().distinct().map(n -> obj("name", n)).toList();
  }

  static List<Map<String, Object>> leadLabels() {
    List<String> colors = List.of("red", "yellow", "blue");
    return LEAD_LABELS.stream().map(n -> obj("id", PdIds.uuid("label:" + n), "name", n,
        "color", colors.get(LEAD_LABELS.indexOf(n)), "add_time", CREATED.toString(),
        "update_time", CREATED.toString())).toList();
  }
}
