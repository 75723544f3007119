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

    /** The record with this {@code id} (or {@code deal_id}) in a fixture file. */
    static ObjectNode record(String file, String id) {
        return records(file).stream().filter(r -> id.equals(key(r))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no record " + id + " in " + file));
    }

    /** The raw id the connector lands a record under: {@code id}, or {@code deal_id} for the per-deal streams. */
    static String key(JsonNode payload) {
        return payload.has("id") ? payload.path("id").asString() : payload.path("deal_id").asString();
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
