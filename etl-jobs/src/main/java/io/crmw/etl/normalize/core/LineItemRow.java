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
        Instant syncedAt, Integer termMonths
) implements CoreRow {

    /** Without a contract term (one-off lines, or sources that do not give one). */
    public LineItemRow(String lineItemId, String sourceSystem, String sourceId, String dealId, String productId,
                       String name, BigDecimal quantity, BigDecimal unitPrice, BigDecimal discountAmount,
                       BigDecimal lineAmount, String currencyCode, Boolean isRecurring, Integer billingPeriodMonths,
                       boolean isDeleted, Instant syncedAt) {
        this(lineItemId, sourceSystem, sourceId, dealId, productId, name, quantity, unitPrice, discountAmount,
                lineAmount, currencyCode, isRecurring, billingPeriodMonths, isDeleted, syncedAt, null);
    }

    public static final String TABLE = "line_item";
}
