package io.crmw.etl.normalize.salesforce;

import io.crmw.etl.normalize.CoreRow;
import java.time.Instant;

/** One row of {@code core.campaign_member} (no shared row record exists yet; it mirrors the V002 columns). */
public record CampaignMemberRow(
        String campaignId, String sourceSystem, String sourceId, String contactId, String leadId, String status,
        Boolean hasResponded, Instant firstRespondedAt, boolean isDeleted, Instant syncedAt
) implements CoreRow {

    public static final String TABLE = "campaign_member";
}
