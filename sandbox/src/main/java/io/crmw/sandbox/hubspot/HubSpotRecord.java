package io.crmw.sandbox.hubspot;

import java.time.Instant;
import java.util.Map;

/** A business record as HubSpot serves it: every defined property as a string or null. */
record HubSpotRecord(long id, Map<String, String> properties, Instant createdAt, Instant updatedAt, Instant archivedAt) {

  boolean archived() {
    return archivedAt != null;
  }
}
