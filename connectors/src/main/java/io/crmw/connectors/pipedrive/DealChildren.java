package io.crmw.connectors.pipedrive;

import io.crmw.connectors.http.StreamHttp;
import io.crmw.connectors.kit.Listings;
import io.crmw.connectors.kit.Paginator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What hangs off a page of changed deals, one record per deal: its products ({@code /api/v2/deals/products}, 100 deals
 * per call) and its changelog ({@code /v1/deals/{id}/changelog}, only for deals whose stage ever changed).
 */
final class DealChildren {

    static final int DEALS_PER_PRODUCTS_CALL = 100;
    private static final Paginator CURSOR = Paginator.token("cursor", "/additional_data/next_cursor");

    private DealChildren() {}

    /**
     * {@code {"deal_id", "update_time", "data": [deal products]}} per deal; empty data when it has none. A deleted deal
     * gets a thin {@code {"deal_id", "update_time", "is_deleted": true}}: its products are not read.
     */
    static List<ObjectNode> products(List<ObjectNode> deals, StreamHttp http) throws IOException {
        Map<String, ObjectNode> byDeal = perDeal(deals);
        List<String> ids = new ArrayList<>();
        for (ObjectNode deal : deals) {
            if (deal.path("is_deleted").asBoolean(false)) {
                ObjectNode thin = byDeal.get(deal.path("id").asString());
                thin.remove("data");
                thin.put("is_deleted", true);
            } else {
                ids.add(deal.path("id").asString());
            }
        }
        for (int i = 0; i < ids.size(); i += DEALS_PER_PRODUCTS_CALL) {
            String batch = String.join(",", ids.subList(i, Math.min(ids.size(), i + DEALS_PER_PRODUCTS_CALL)));
            for (ObjectNode product : all(http, "/api/v2/deals/products?limit=500&deal_ids="
                    + java.net.URLEncoder.encode(batch, java.nio.charset.StandardCharsets.UTF_8))) {
                ObjectNode holder = byDeal.get(product.path("deal_id").asString());
                if (holder != null) {
                    ((ArrayNode) holder.get("data")).add(product);
                }
            }
        }
        return new ArrayList<>(byDeal.values());
    }

    /** {@code {"deal_id", "update_time", "add_time", "stage_id", "data": [changelog entries]}} per deal. */
    static List<ObjectNode> changelogs(List<ObjectNode> deals, StreamHttp http) throws IOException {
        Map<String, ObjectNode> byDeal = perDeal(deals);
        for (ObjectNode deal : deals) {
            ObjectNode holder = byDeal.get(deal.path("id").asString());
            holder.set("add_time", deal.path("add_time"));
            holder.set("stage_id", deal.path("stage_id"));
            JsonNode moved = deal.path("stage_change_time");
            if (!moved.isNull() && !moved.isMissingNode()) { // never moved: no changelog to read
                ArrayNode data = (ArrayNode) holder.get("data");
                all(http, "/v1/deals/" + deal.path("id").asString() + "/changelog?limit=500").forEach(data::add);
            }
        }
        return new ArrayList<>(byDeal.values());
    }

    private static Map<String, ObjectNode> perDeal(List<ObjectNode> deals) {
        Map<String, ObjectNode> byDeal = new LinkedHashMap<>();
        for (ObjectNode deal : deals) {
            ObjectNode holder = deal.objectNode();
            holder.set("deal_id", deal.path("id"));
            holder.set("update_time", deal.path("update_time"));
            holder.putArray("data");
            byDeal.put(deal.path("id").asString(), holder);
        }
        return byDeal;
    }

    private static List<ObjectNode> all(StreamHttp http, String path) throws IOException {
        return Listings.all("deal children", http, path, "/data", CURSOR);
    }
}
