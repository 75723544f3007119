package io.crmw.etl.normalize.core;

import io.crmw.etl.normalize.CoreRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** One row of {@code core.owner}. */
public record OwnerRow(
        String ownerId, String sourceSystem, String sourceId, String name, String email, String teamId,
        Boolean isActive, boolean isDeleted, Instant syncedAt, String userId
) implements CoreRow {

    public static final String TABLE = "owner";

    /** Without the vendor's user id (sources whose owner id is the user id). */
    public OwnerRow(String ownerId, String sourceSystem, String sourceId, String name, String email, String teamId,
                    Boolean isActive, boolean isDeleted, Instant syncedAt) {
        this(ownerId, sourceSystem, sourceId, name, email, teamId, isActive, isDeleted, syncedAt, null);
    }
}
