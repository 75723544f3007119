package io.crmw.etl.normalize.core;

import io.crmw.etl.normalize.CoreRow;
import java.time.Instant;

/** One row of {@code core.touch}: a contact's (or lead's) marketing touch by a campaign. */
public record TouchRow(
        String touchId, String sourceSystem, String sourceId, String contactId, String leadId, String campaignId,
        String channel, String touchType, Instant touchedAt, boolean isDeleted, Instant syncedAt
) implements CoreRow {

    public static final String TABLE = "touch";
}
