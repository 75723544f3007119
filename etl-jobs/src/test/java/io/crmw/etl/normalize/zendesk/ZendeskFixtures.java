package io.crmw.etl.normalize.zendesk;

import io.crmw.etl.normalize.VendorFixtures;
import io.crmw.warehouse.raw.RawRecord;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Zendesk-format JSON fixtures from {@code src/test/resources/zendesk/} as the connectors land them. */
final class ZendeskFixtures extends VendorFixtures {

    /** The raw id fields, in the order the connectors pick them. */
    static final List<String> ID_FIELDS = List.of("order_id", "id");

    private ZendeskFixtures() {}

    static List<ObjectNode> records(String file) {
        return fixtureRecords("zendesk", file);
    }

    static ObjectNode record(String file, String id) {
        return fixtureRecord("zendesk", file, id, ID_FIELDS);
    }

    static RawRecord rec(JsonNode payload, boolean deleted) {
        return new RawRecord(keyOf(payload, ID_FIELDS), null, deleted, payload.toString());
    }
}
