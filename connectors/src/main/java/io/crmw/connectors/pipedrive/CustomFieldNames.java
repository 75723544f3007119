package io.crmw.connectors.pipedrive;

import io.crmw.connectors.http.StreamHttp;
import io.crmw.connectors.kit.Listings;
import io.crmw.connectors.kit.Paginator;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Adds {@code custom_fields_by_name} to records: their {@code custom_fields} (keyed by 40-character hashes) keyed by
 * the field names of the entity's Fields API, read once per run.
 */
final class CustomFieldNames {

    private final String fieldsPath;
    private final Paginator paginator;
    private Map<String, String> names; // field code → field name, once per stream run

    CustomFieldNames(String fieldsPath, Paginator paginator) {
        this.fieldsPath = fieldsPath;
        this.paginator = paginator;
    }

    List<ObjectNode> name(List<ObjectNode> records, StreamHttp http) throws IOException {
        if (records.stream().noneMatch(r -> r.path("custom_fields").isObject() && !r.path("custom_fields").isEmpty())) {
            records.stream().filter(r -> r.path("custom_fields").isObject()).forEach(r -> r.putObject("custom_fields_by_name"));
            return records; // no names needed: no metadata call
        }
        Map<String, String> byCode = names(http);
        for (ObjectNode r : records) {
            JsonNode custom = r.path("custom_fields");
            if (custom.isObject()) {
                ObjectNode named = r.putObject("custom_fields_by_name");
                custom.properties().forEach(e -> named.set(byCode.getOrDefault(e.getKey(), e.getKey()), e.getValue()));
            }
        }
        return records;
    }

    private Map<String, String> names(StreamHttp http) throws IOException {
        if (names == null) {
            Map<String, String> loaded = new HashMap<>();
            for (ObjectNode f : Listings.all("field metadata", http, fieldsPath, "/data", paginator)) {
                String code = f.path("field_code").asString(f.path("key").asString(null));
                String name = f.path("field_name").asString(f.path("name").asString(null));
                if (code != null && name != null) {
                    loaded.put(code, name);
                }
            }
            names = loaded;
        }
        return names;
    }
}
