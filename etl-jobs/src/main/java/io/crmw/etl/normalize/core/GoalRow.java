package io.crmw.etl.normalize.core;

import io.crmw.etl.normalize.CoreRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** One row of {@code core.goal}. */
public record GoalRow(
        String goalId, String sourceSystem, String sourceId, String name, String metric, String assigneeType,
        String assigneeId, LocalDate periodStart, LocalDate periodEnd, BigDecimal targetValue, String currencyCode,
        boolean isDeleted, Instant syncedAt
) implements CoreRow {

    public static final String TABLE = "goal";
}
