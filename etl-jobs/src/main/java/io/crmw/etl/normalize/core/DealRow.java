package io.crmw.etl.normalize.core;

import io.crmw.etl.normalize.CoreRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** One row of {@code core.deal}. */
public record DealRow(
        String dealId, String sourceSystem, String sourceId, String name, String pipelineId, String stageId,
        String status, BigDecimal amount, String currencyCode, BigDecimal amountHome, String probabilityRaw,
        Double probability, String forecastCategory, Instant createdAt, LocalDate closeDate, Instant closedAt,
        Instant updatedAt, String ownerId, String accountId, String primaryContactId, String campaignId,
        String leadSourceRaw, String dealType, String lostReasonRaw, String mergedIntoId, boolean isDeleted,
        Instant syncedAt
) implements CoreRow {

    public static final String TABLE = "deal";
}
