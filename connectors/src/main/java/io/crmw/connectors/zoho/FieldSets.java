package io.crmw.connectors.zoho;

import io.crmw.connectors.http.StreamHttp;
import io.crmw.connectors.kit.Listings;
import io.crmw.connectors.kit.Paginator;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * Zoho's {@code fields=} is mandatory and takes at most 50 API names. The module's fields ({@code /settings/fields},
 * read once per run) are cut into sets: the first ({@code id}, {@code Modified_Time} and 48 more) pages the list;
 * every further set is read for the page's ids ({@code ?ids=…&fields=…}, 100 ids per call) and merged by {@code id}.
 * Page tokens belong to one query, so the further sets cannot page on their own.
 */
final class FieldSets {

    static final int FIELDS_PER_CALL = 50;
    static final int IDS_PER_CALL = 100;

    private final String module;
    private List<List<String>> sets; // once per stream run

    FieldSets(String module) {
        this.module = module;
    }

    Map<String, String> firstSet(StreamHttp http) throws IOException {
        return Map.of("fields", String.join(",", sets(http).get(0)));
    }

    List<ObjectNode> complete(List<ObjectNode> records, StreamHttp http) throws IOException {
        List<List<String>> all = sets(http);
        if (all.size() == 1 || records.isEmpty()) {
            return records;
        }
        Map<String, ObjectNode> byId = new LinkedHashMap<>();
        records.forEach(r -> byId.put(r.path("id").asString(), r));
        List<String> ids = new ArrayList<>(byId.keySet());
        for (List<String> set : all.subList(1, all.size())) {
            for (int i = 0; i < ids.size(); i += IDS_PER_CALL) {
                String path = ZohoConnector.API + "/" + module + "?ids="
                        + encode(String.join(",", ids.subList(i, Math.min(ids.size(), i + IDS_PER_CALL))))
                        + "&fields=" + encode(String.join(",", set));
                for (ObjectNode part : Listings.all("more fields of " + module, http, path, "/data", Paginator.single())) {
                    ObjectNode whole = byId.get(part.path("id").asString());
                    if (whole != null) {
                        whole.setAll(part);
                    }
                }
            }
        }
        return records;
    }

    private List<List<String>> sets(StreamHttp http) throws IOException {
        if (sets == null) {
            List<List<String>> cut = new ArrayList<>();
            List<String> current = new ArrayList<>(List.of("id", "Modified_Time"));
            for (ObjectNode f : Listings.all("fields of " + module, http,
                    ZohoConnector.API + "/settings/fields?module=" + module, "/fields", Paginator.single())) {
                String name = f.path("api_name").asString("");
                if (name.isBlank() || name.equals("id") || name.equals("Modified_Time")) {
                    continue;
                }
                if (current.size() == FIELDS_PER_CALL) {
                    cut.add(current);
                    current = new ArrayList<>(List.of("id"));
                }
                current.add(name);
            }
            cut.add(current);
            sets = cut;
        }
        return sets;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
