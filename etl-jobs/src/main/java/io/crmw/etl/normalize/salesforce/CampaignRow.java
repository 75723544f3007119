package io.crmw.etl.normalize.salesforce;

import io.crmw.etl.normalize.CoreRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** One row of {@code core.campaign} (no shared row record exists yet; it mirrors the V002 columns). */
public record CampaignRow(
        String campaignId, String sourceSystem, String sourceId, String name, String type, String channel,
        LocalDate startDate, LocalDate endDate, BigDecimal budgetedCost, BigDecimal actualCost, String currencyCode,
        boolean isDeleted, Instant syncedAt
) implements CoreRow {

    public static final String TABLE = "campaign";
}
