package io.crmw.sandbox.business;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;

/** A monthly revenue target for one owner, in {@code currency}. */
public record RevenueGoal(String id, String ownerId, YearMonth month, BigDecimal target, String currency,
                          String groupId, Instant createdAt, Instant updatedAt) {
}
