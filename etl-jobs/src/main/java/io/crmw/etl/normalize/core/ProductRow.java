package io.crmw.etl.normalize.core;

import io.crmw.etl.normalize.CoreRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** One row of {@code core.product}. */
public record ProductRow(
        String productId, String sourceSystem, String sourceId, String name, String sku, String family,
        BigDecimal unitPrice, BigDecimal unitCost, String currencyCode, Boolean isRecurring,
        Integer billingPeriodMonths, boolean isDeleted, Instant syncedAt
) implements CoreRow {

    public static final String TABLE = "product";
}
