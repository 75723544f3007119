package io.crmw.etl.normalize.core;

import io.crmw.etl.normalize.CoreRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** One row of {@code core.email_campaign}. */
public record EmailCampaignRow(
        String emailCampaignId, String sourceSystem, String sourceId, String campaignId, String name,
        String subject, Instant sentAt, Long sent, Long delivered, Long opened, Long clicked, Long bounced,
        Long unsubscribed, Long spamReports, boolean isDeleted, Instant syncedAt
) implements CoreRow {

    public static final String TABLE = "email_campaign";
}
