package io.crmw.etl.normalize.hubspot;

import io.crmw.etl.normalize.Fields;
import io.crmw.etl.normalize.RawRow;
import io.crmw.etl.normalize.VendorRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One raw HubSpot CRM object ({@code {"id","properties":{…},"createdAt","updatedAt","archived",
 * "associations":{"companies":["7001"],…}}}) with the reads every HubSpot mapper needs.
 */
final class HubspotRecord extends VendorRecord {

    final Fields props;

    HubspotRecord(RawRow raw) {
        super(raw, "id", "archived");
        this.props = Fields.of(raw, "properties");
    }

    /** A property, falling back to a top-level field (e.g. {@code createdate} → {@code createdAt}). */
    Instant instant(String property, String topField) {
        Instant i = props.instant(property);
        return i != null ? i : f.instant(topField);
    }

    /** Associated object ids of a type ({@code companies}, {@code contacts}, {@code deals}), in given order. */
    List<String> associated(String type) {
        JsonNode list = raw.payload().path("associations").path(type);
        List<String> ids = new ArrayList<>();
        if (list.isArray()) {
            for (JsonNode n : list) {
                // our connector sends plain id strings; tolerate HubSpot's own {"id": …} objects too
                JsonNode v = n.isObject() ? n.path("id") : n;
                if (v.isValueNode() && !v.isNull() && !v.asString().isBlank()) {
                    ids.add(v.asString().trim());
                }
            }
        } else if (list.isObject() && list.path("results").isArray()) {
            for (JsonNode n : list.path("results")) {
                if (!n.path("id").asString("").isBlank()) {
                    ids.add(n.path("id").asString().trim());
                }
            }
        }
        return ids;
    }

    /** The core id of the first associated object of a type, or null. */
    String firstAssociated(String type, String entity) {
        List<String> ids = associated(type);
        return ids.isEmpty() ? null : coreId(entity, ids.get(0));
    }
}
