package io.crmw.etl.normalize.core;

import io.crmw.etl.normalize.CoreRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** One row of {@code core.contact}. */
public record ContactRow(
        String contactId, String sourceSystem, String sourceId, String accountId, String email, String firstName,
        String lastName, String lifecycleStage, String leadStatus, String leadSourceRaw, String ownerId,
        Instant createdAt, Instant updatedAt, boolean isDeleted, Instant syncedAt
) implements CoreRow {

    public static final String TABLE = "contact";
}
