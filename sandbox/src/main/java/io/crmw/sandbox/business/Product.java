package io.crmw.sandbox.business;

import java.math.BigDecimal;
import java.time.Instant;

/** A catalogue product priced in USD; {@code recurringFrequency} is null for one-off products. */
public record Product(String id, String name, String sku, BigDecimal unitPrice, BigDecimal unitCost,
                      String recurringFrequency, Instant createdAt, Instant updatedAt) {
}
