package io.crmw.etl.normalize.core;

import io.crmw.etl.normalize.CoreRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** One row of {@code core.stage}. */
public record StageRow(
        String stageId, String sourceSystem, String sourceId, String pipelineId, String name, Integer displayOrder,
        String probabilityRaw, Double probability, Boolean isClosed, Boolean isWon, String forecastCategoryDefault,
        Boolean isActive, boolean isDeleted, Instant syncedAt
) implements CoreRow {

    public static final String TABLE = "stage";
}
