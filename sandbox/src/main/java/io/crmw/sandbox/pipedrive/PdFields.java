package io.crmw.sandbox.pipedrive;

import static io.crmw.sandbox.SimulatedApi.object;

import io.crmw.sandbox.Paging.Row;
import io.crmw.sandbox.SimulatedApi;
import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.BusinessGenerator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The account's field catalogue (v2 Fields API), its custom-field keys, and the fixed v1 reference lists, which are
 * read from {@code pipedrive/reference.json}.
 */
final class PdFields {

  private static final Map<String, Object> REFERENCE = SimulatedApi.resource("/pipedrive/reference.json");
  static final List<String> LIFECYCLE_STAGES = reference("lifecycleStages");
  /** Pipedrive lead source names, by position of {@link BusinessGenerator#LEAD_SOURCES}. */
  static final List<String> LEAD_SOURCES = reference("leadSources");
  private static final List<Map<String, String>> LABELS = reference("leadLabels");
  static final List<String> LEAD_LABELS = LABELS.stream().map(l -> l.get("name")).toList();
  private static final Instant CREATED = Business.AS_OF.minusSeconds(3L * 365 * 86_400);

  /** A custom field of {@code entity}; an enum's options are numbered from {@code firstOption}. */
  record Custom(String entity, String key, String name, String type, List<String> options, int firstOption) {

    Custom(String entity, String name, String type, List<String> options, int firstOption) {
      this(entity, fieldKey(entity, name), name, type, options, firstOption);
    }

    /** The option id of a value, or null for a value that is not an option. */
    Integer option(String value) {
      int i = options.indexOf(value);
      return i < 0 ? null : firstOption + i;
    }
  }

  static final Custom COMMISSION = new Custom("deal", "Partner commission", "monetary", null, 0);
  static final Custom REGION = new Custom("deal", "Region", "enum", BusinessGenerator.REGIONS, 31);
  static final Custom SOURCE = new Custom("deal", "Lead source", "enum", BusinessGenerator.LEAD_SOURCES, 41);
  static final Custom LIFECYCLE = new Custom("person", "Lifecycle stage", "enum", LIFECYCLE_STAGES, 51);
  static final Custom EMPLOYEES = new Custom("organization", "Employees", "double", null, 0);
  private static final List<Custom> CUSTOM = List.of(COMMISSION, REGION, SOURCE, LIFECYCLE, EMPLOYEES);

  private PdFields() {
  }

  /** A custom field's key, as Pipedrive's 40-character hex hash. */
  static String fieldKey(String entity, String name) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
          .digest((entity + ":" + name).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** v2 Fields items of one entity: deal, person, organization, product or activity. */
  static List<Row> fields(String entity) {
    Map<String, List<List<String>>> standard = reference("standardFields");
    List<Row> out = new ArrayList<>();
    Stream.concat(standard.get("every").stream(), standard.get(entity).stream())
        .forEach(f -> add(out, f.get(0), f.get(1), f.get(2), null, 0));
    CUSTOM.stream().filter(c -> c.entity().equals(entity))
        .forEach(c -> add(out, c.key(), c.name(), c.type(), c.options(), c.firstOption()));
    return out;
  }

  private static void add(List<Row> out, String code, String name, String type, List<String> options, int first) {
    boolean custom = code.length() == 40;
    out.add(new Row(out.size() + 1L, CREATED, CREATED, object("field_code", code, "field_name", name,
        "field_type", type, "options", options == null ? null : options.stream()
            .map(label -> object("id", first + options.indexOf(label), "label", label)).toList(),
        "subfields", null, "is_custom_field", custom, "is_optional_response_field", !custom && !code.equals("id"))));
  }

  static List<Map<String, Object>> activityTypes() {
    return PdFields.<List<Map<String, Object>>>reference("activityTypes").stream().map(t -> {
      Map<String, Object> j = new LinkedHashMap<>(t);
      j.putAll(object("add_time", PdRecords.V1_TIME.format(CREATED), "update_time", null));
      return j;
    }).toList();
  }

  static List<Map<String, Object>> leadLabels() {
    return LABELS.stream().map(l -> object("id", PdRecords.uuid("label:" + l.get("name")), "name", l.get("name"),
        "color", l.get("color"), "add_time", CREATED.toString(), "update_time", CREATED.toString())).toList();
  }

  @SuppressWarnings("unchecked")
  static <T> T reference(String name) {
    return (T) REFERENCE.get(name);
  }
}
