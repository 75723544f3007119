package io.crmw.connectors.zoho;

import io.crmw.connectors.http.StreamHttp;
import io.crmw.connectors.kit.Listings;
import java.io.IOException;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * A page of changed deals becomes one record per deal with its stage history as received:
 * {@code {"deal_id", "Modified_Time": <deal's>, "data": [Stage_History entries]}}.
 */
final class StageHistory {

    static final String FIELDS = "Stage,Probability,Amount,Closing_Date,Modified_Time";

    private StageHistory() {}

    static List<ObjectNode> perDeal(List<ObjectNode> deals, StreamHttp http) throws IOException {
        return Listings.perParent(deals, deal -> Listings.all("stage history", http, ZohoConnector.API + "/Deals/"
                + deal.path("id").asString() + "/Stage_History?fields=" + FIELDS + "&per_page=200", "/data",
                ZohoConnector.PAGES), "deal_id", "id", "Modified_Time", "Modified_Time");
    }
}
