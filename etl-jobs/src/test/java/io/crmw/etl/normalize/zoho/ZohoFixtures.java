package io.crmw.etl.normalize.zoho;

import io.crmw.etl.normalize.RawRow;
import io.crmw.etl.normalize.VendorFixtures;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Zoho-format JSON fixtures from {@code src/test/resources/zoho/} (one record or an array) as raw rows. */
final class ZohoFixtures extends VendorFixtures {

    static final String SOURCE = "zoho-main";

    private ZohoFixtures() {}

    static List<ObjectNode> records(String file) {
        return fixtureRecords("zoho", file);
    }

    /** The raw id fields, in the order the connector picks them. */
    static final List<String> ID_FIELDS = List.of("id", "deal_id", "actual_value");

    static ObjectNode record(String file, String id) {
        return fixtureRecord("zoho", file, id, ID_FIELDS);
    }

    static String key(JsonNode payload) {
        return keyOf(payload, ID_FIELDS);
    }

    static RawRow raw(String stream, JsonNode payload) {
        return raw(stream, payload, false);
    }

    static RawRow raw(String stream, JsonNode payload, boolean deleted) {
        return rawRow(SOURCE, stream, payload, deleted, ID_FIELDS);
    }

    static String id(String entity, String vendorId) {
        return coreId(SOURCE, entity, vendorId);
    }
}
