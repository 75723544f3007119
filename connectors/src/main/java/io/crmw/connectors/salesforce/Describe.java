package io.crmw.connectors.salesforce;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The selectable fields of an sObject from {@code GET /sobjects/{name}/describe}: every field (custom {@code __c}
 * included) except compound ones ({@code address}, {@code location}), which SOQL and Bulk 2.0 cannot select directly
 * (their components, e.g. {@code BillingCity}, are fields of their own), and {@code base64} bodies.
 *
 * @param types       field name → describe type ({@code string}, {@code datetime}, {@code currency}, ...), in order
 * @param cursorField {@code SystemModstamp}, else {@code LastModifiedDate}, else {@code CreatedDate}, whichever exists
 *                    and is filterable and sortable; null when none does (the object is then read whole)
 * @param hasIsDeleted whether soft deletes can be found with {@code queryAll ... IsDeleted = true}
 */
record Describe(Map<String, String> types, String cursorField, boolean hasIsDeleted) {

    private static final Set<String> NOT_SELECTABLE = Set.of("address", "location", "base64");
    private static final List<String> CURSOR_PRIORITY = List.of("SystemModstamp", "LastModifiedDate", "CreatedDate");

    static Describe of(JsonNode describe) {
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        for (JsonNode f : describe.path("fields")) {
            String name = f.path("name").asString("");
            String type = f.path("type").asString("string");
            if (name.isEmpty() || NOT_SELECTABLE.contains(type) || f.path("deprecatedAndHidden").asBoolean(false)) {
                continue;
            }
            types.put(name, type);
            byName.put(name, f);
        }
        String cursor = null;
        for (String candidate : CURSOR_PRIORITY) {
            JsonNode f = byName.get(candidate);
            if (f != null && f.path("filterable").asBoolean(true) && f.path("sortable").asBoolean(true)) {
                cursor = candidate;
                break;
            }
        }
        return new Describe(Collections.unmodifiableMap(types), cursor,
                types.containsKey("IsDeleted"));
    }

    List<String> fields() {
        return new ArrayList<>(types.keySet());
    }

    boolean has(String field) {
        return types.containsKey(field);
    }
}
