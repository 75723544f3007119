package io.crmw.etl.normalize.hubspot;

import io.crmw.etl.normalize.RawRow;
import io.crmw.etl.normalize.VendorFixtures;

/** HubSpot-format JSON fixtures from {@code src/test/resources/hubspot/} as raw rows. */
final class HubspotFixtures extends VendorFixtures {

    static final String SOURCE = "hubspot-main";

    private HubspotFixtures() {}

    static RawRow raw(String stream, String file) {
        return raw(stream, file, false);
    }

    static RawRow raw(String stream, String file, boolean deleted) {
        var payload = fixture("hubspot", file);
        return new RawRow(SOURCE, stream, payload.path("id").asString(), deleted, EXTRACTED, 1L, payload);
    }
}
