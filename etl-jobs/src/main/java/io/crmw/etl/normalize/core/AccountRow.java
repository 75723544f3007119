package io.crmw.etl.normalize.core;

import io.crmw.etl.normalize.CoreRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** One row of {@code core.account}. */
public record AccountRow(
        String accountId, String sourceSystem, String sourceId, String name, String domain, String industry,
        Integer employeeCount, String country, String ownerId, String leadSourceRaw, Instant createdAt,
        Instant updatedAt, boolean isDeleted, Instant syncedAt
) implements CoreRow {

    public static final String TABLE = "account";
}
