package io.crmw.etl.normalize.pipedrive;

import io.crmw.etl.normalize.RawRow;
import io.crmw.etl.normalize.VendorFixtures;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Pipedrive-format JSON fixtures from {@code src/test/resources/pipedrive/} (one record or an array) as raw rows. */
final class PipedriveFixtures extends VendorFixtures {

    static final String SOURCE = "pipedrive-main";

    private PipedriveFixtures() {}

    static List<ObjectNode> records(String file) {
        return fixtureRecords("pipedrive", file);
    }

    /** The raw id fields, in the order the connector picks them. */
    static final List<String> ID_FIELDS = List.of("id", "deal_id");

    static ObjectNode record(String file, String id) {
        return fixtureRecord("pipedrive", file, id, ID_FIELDS);
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
