package io.crmw.etl.normalize.core;

import io.crmw.etl.normalize.CoreRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** One row of {@code core.lead}. */
public record LeadRow(
        String leadId, String sourceSystem, String sourceId, String contactId, String accountId, String email,
        Instant createdAt, String ownerId, String status, String leadSourceRaw, String campaignId,
        Boolean isConverted, Instant convertedAt, String convertedAccountId, String convertedContactId,
        String convertedDealId, boolean isDeleted, Instant syncedAt
) implements CoreRow {

    public static final String TABLE = "lead";
}
