package io.crmw.etl.normalize.core;

import io.crmw.etl.normalize.CoreRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** One row of {@code core.deal_stage_history}. */
public record DealStageHistoryRow(
        String dealId, String sourceSystem, int seq, String pipelineId, String stageId, Instant enteredAt,
        Instant exitedAt, String origin, Instant syncedAt
) implements CoreRow {

    public static final String TABLE = "deal_stage_history";
}
