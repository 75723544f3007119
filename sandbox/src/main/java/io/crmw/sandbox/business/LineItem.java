package io.crmw.sandbox.business;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/** A product line on a deal, priced in the deal's currency; {@code discount} is an absolute amount off the line. */
public record LineItem(String id, String dealId, String productId, String name, String sku, int quantity,
                       BigDecimal unitPrice, BigDecimal discount, String currency, String recurringFrequency,
                       Integer termMonths, Instant createdAt, Instant updatedAt) {

  public BigDecimal amount() {
    return unitPrice.multiply(BigDecimal.valueOf(quantity)).subtract(discount).setScale(2, RoundingMode.HALF_UP);
  }
}
