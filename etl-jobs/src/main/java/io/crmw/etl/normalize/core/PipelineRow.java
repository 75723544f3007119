package io.crmw.etl.normalize.core;

import io.crmw.etl.normalize.CoreRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** One row of {@code core.pipeline}. */
public record PipelineRow(
        String pipelineId, String sourceSystem, String sourceId, String objectType, String name,
        Integer displayOrder, Boolean isActive, boolean isDeleted, Instant syncedAt
) implements CoreRow {

    public static final String TABLE = "pipeline";
}
