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

    /** The record with this raw id in a fixture file. */
    static ObjectNode record(String file, String id) {
        return records(file).stream().filter(r -> id.equals(key(r))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no record " + id + " in " + file));
    }

    /** The raw id the connector lands a record under: {@code id}, {@code deal_id} or a stage's {@code actual_value}. */
    static String key(JsonNode payload) {
        for (String field : List.of("id", "deal_id", "actual_value")) {
            if (payload.has(field)) {
                return payload.path(field).asString();
            }
        }
        throw new IllegalArgumentException("no id in " + payload);
    }

    static RawRow raw(String stream, JsonNode payload) {
        return raw(stream, payload, false);
    }

    static RawRow raw(String stream, JsonNode payload, boolean deleted) {
        return new RawRow(SOURCE, stream, key(payload), deleted, EXTRACTED, 1L, payload);
    }

    static String id(String entity, String vendorId) {
        return coreId(SOURCE, entity, vendorId);
    }
}
