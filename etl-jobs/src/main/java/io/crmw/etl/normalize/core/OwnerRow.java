package io.crmw.etl.normalize.core;

import io.crmw.etl.normalize.CoreRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** One row of {@code core.owner}. */
public record OwnerRow(
        String ownerId, String sourceSystem, String sourceId, String name, String email, String teamId,
        Boolean isActive, boolean isDeleted, Instant syncedAt
) implements CoreRow {

    public static final String TABLE = "owner";
}
