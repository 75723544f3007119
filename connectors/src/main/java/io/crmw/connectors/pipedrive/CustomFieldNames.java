package io.crmw.connectors.pipedrive;

import io.crmw.connectors.http.StreamHttp;
import io.crmw.connectors.kit.MalformedPageException;
import io.crmw.connectors.kit.Paginator;
import io.crmw.connectors.kit.RecordSelector;
import io.crmw.connectors.spi.SourceException;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
            return records;
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
            String token = null;
            do {
                String url = fieldsPath + (token == null ? ""
                        : "&cursor=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
                JsonNode page = http.get(url);
                try {
                    List<ObjectNode> fields = RecordSelector.select(page, "/data");
                    for (ObjectNode f : fields) {
                        String code = f.path("field_code").asString(f.path("key").asString(null));
                        String name = f.path("field_name").asString(f.path("name").asString(null));
                        if (code != null && name != null) {
                            loaded.put(code, name);
                        }
                    }
                    token = paginator.next(page, fields.size());
                } catch (MalformedPageException e) {
                    throw new SourceException("GET " + fieldsPath + ": the field metadata answer is not a page ("
                            + e.getMessage() + "); the next run retries", true);
                }
            } while (token != null);
            names = loaded;
        }
        return names;
    }
}
