package io.crmw.etl.normalize.core;

import io.crmw.etl.normalize.CoreRow;
import io.crmw.etl.normalize.Vocabulary;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** One row of {@code core.lead}. */
public record LeadRow(
        String leadId, String sourceSystem, String sourceId, String contactId, String accountId, String email,
        Instant createdAt, String ownerId, String status, String leadSourceRaw, String campaignId,
        Boolean isConverted, Instant convertedAt, String convertedAccountId, String convertedContactId,
        String convertedDealId, boolean isDeleted, Instant syncedAt, String lifecycleStage, String leadStatusRaw,
        String leadStatus
) implements CoreRow {

    public static final String TABLE = "lead";

    /**
     * Without a lifecycle stage (sources whose leads have only a status); the status is also the lead status, as
     * sent and normalized ({@link io.crmw.etl.normalize.Vocabulary#leadStatus}).
     */
    public LeadRow(String leadId, String sourceSystem, String sourceId, String contactId, String accountId, String email,
                   Instant createdAt, String ownerId, String status, String leadSourceRaw, String campaignId,
                   Boolean isConverted, Instant convertedAt, String convertedAccountId, String convertedContactId,
                   String convertedDealId, boolean isDeleted, Instant syncedAt) {
        this(leadId, sourceSystem, sourceId, contactId, accountId, email, createdAt, ownerId, status, leadSourceRaw,
                campaignId, isConverted, convertedAt, convertedAccountId, convertedContactId, convertedDealId, isDeleted,
                syncedAt, null, status, Vocabulary.leadStatus(status, isConverted));
    }
}
