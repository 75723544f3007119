package io.crmw.connectors.zoho;

import io.crmw.connectors.http.StreamHttp;
import io.crmw.connectors.kit.Listings;
import io.crmw.connectors.kit.Paginator;
import io.crmw.connectors.spi.SourceException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** What the metadata streams add to Zoho's settings answers: the module of a field, the Deals stages, the layout. */
final class ZohoMetadata {

    private String dealsLayout; // once per run

    /** A field record of module {@code phase} (the fields stream reads one listing per module, named after it). */
    static List<ObjectNode> withModule(String phase, List<ObjectNode> fields, StreamHttp http) {
        fields.forEach(f -> f.put("module", phase));
        return fields;
    }

    /** One record per entry of the Deals {@code Stage} field's {@code pick_list_values}. */
    static List<ObjectNode> dealStages(List<ObjectNode> dealFields, StreamHttp http) {
        List<ObjectNode> stages = new ArrayList<>();
        for (ObjectNode field : dealFields) {
            if ("Stage".equals(field.path("api_name").asString(""))) {
                for (JsonNode value : field.path("pick_list_values")) {
                    if (value instanceof ObjectNode stage) {
                        stages.add(stage);
                    }
                }
            }
        }
        return stages;
    }

    /** {@code layout_id} of the Deals layout named Standard (else the first): pipelines are read per layout. */
    Map<String, String> dealsLayout(StreamHttp http) throws IOException {
        if (dealsLayout == null) {
            List<ObjectNode> layouts = Listings.all("Deals layouts", http,
                    ZohoConnector.API + "/settings/layouts?module=Deals", "/layouts", Paginator.single());
            dealsLayout = layouts.stream().filter(l -> "Standard".equals(l.path("name").asString("")))
                    .findFirst().or(() -> layouts.stream().findFirst())
                    .map(l -> l.path("id").asString("")).filter(id -> !id.isBlank())
                    .orElseThrow(() -> new SourceException("GET " + ZohoConnector.API + "/settings/layouts?module=Deals"
                            + " lists no layout with an id; pipelines are read per Deals layout", false));
        }
        return Map.of("layout_id", dealsLayout);
    }
}
