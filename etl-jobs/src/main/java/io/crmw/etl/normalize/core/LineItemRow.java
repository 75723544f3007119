package io.crmw.etl.normalize.core;

import io.crmw.etl.normalize.CoreRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** One row of {@code core.line_item}. */
public record LineItemRow(
        String lineItemId, String sourceSystem, String sourceId, String dealId, String productId, String name,
        BigDecimal quantity, BigDecimal unitPrice, BigDecimal discountAmount, BigDecimal lineAmount,
        String currencyCode, Boolean isRecurring, Integer billingPeriodMonths, boolean isDeleted,
        Instant syncedAt
) implements CoreRow {

    public static final String TABLE = "line_item";
}
