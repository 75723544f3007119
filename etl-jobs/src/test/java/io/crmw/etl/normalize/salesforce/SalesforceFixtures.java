package io.crmw.etl.normalize.salesforce;

import io.crmw.etl.normalize.RawRow;
import io.crmw.etl.normalize.VendorFixtures;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Salesforce-format JSON fixtures from {@code src/test/resources/salesforce/} (one record or an array) as raw rows. */
final class SalesforceFixtures extends VendorFixtures {

    static final String SOURCE = "salesforce-main";

    private SalesforceFixtures() {}

    static JsonNode json(String file) {
        return fixture("salesforce", file);
    }

    static List<ObjectNode> records(String file) {
        return fixtureRecords("salesforce", file);
    }

    static RawRow raw(String stream, String file) {
        return raw(stream, records(file).get(0), false);
    }

    static RawRow raw(String stream, JsonNode payload, boolean deleted) {
        return new RawRow(SOURCE, stream, payload.path("Id").asString(), deleted, EXTRACTED, 1L, payload);
    }

    static String id(String entity, String sfId) {
        return coreId(SOURCE, entity, sfId);
    }
}
