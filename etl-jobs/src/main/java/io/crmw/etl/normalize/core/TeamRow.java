package io.crmw.etl.normalize.core;

import io.crmw.etl.normalize.CoreRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** One row of {@code core.team}. */
public record TeamRow(
        String teamId, String sourceSystem, String sourceId, String name, String parentTeamId,
        boolean isDeleted, Instant syncedAt
) implements CoreRow {

    public static final String TABLE = "team";
}
