package io.crmw.etl.normalize.pipedrive;

import io.crmw.etl.normalize.CoreWrite;
import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.RecordMapper;
import io.crmw.etl.normalize.Vocabulary;
import io.crmw.etl.normalize.core.PipelineRow;
import io.crmw.etl.normalize.core.StageRow;

/**
 * Pipelines ({@code /api/v2/pipelines}: {@code id, name, order_nr, is_deleted, is_deal_probability_enabled}) →
 * {@code core.pipeline}; stages ({@code /api/v2/stages}: {@code id, pipeline_id, name, order_nr, deal_probability,
 * is_deleted}) → {@code core.stage}, probability = deal_probability / 100 (a pipeline without deal probability
 * gives its stages none: {@link PipedriveNormalizer#STAGE_PROBABILITY_BY_PIPELINE}).
 *
 * <p>Pipedrive has no won or lost stages: a deal is won or lost by its own status and stays in its stage, so every
 * stage is open ({@code is_closed = is_won = false}). Stage ids are unique within a company.
 */
final class PipedrivePipelineMapper {

    private PipedrivePipelineMapper() {}

    static RecordMapper pipelines() {
        return raw -> {
            PipedriveRecord r = new PipedriveRecord(raw);
            boolean deleted = r.deleted();
            PipelineRow row = new PipelineRow(r.coreId("pipeline", r.id()), r.source(), r.id(), "deal",
                    r.text("name"), r.f.integer("order_nr"), !deleted && !Boolean.FALSE.equals(r.f.bool("active")),
                    deleted, r.syncedAt());
            return Normalized.of(CoreWrite.row(PipelineRow.TABLE, r.id(), row));
        };
    }

    static RecordMapper stages() {
        return raw -> {
            PipedriveRecord r = new PipedriveRecord(raw);
            boolean deleted = r.deleted();
            StageRow row = new StageRow(r.coreId("stage", r.id()), r.source(), r.id(), r.ref("pipeline", "pipeline_id"),
                    r.text("name"), r.f.integer("order_nr"), r.text("deal_probability"),
                    Vocabulary.percentFraction(r.f.number("deal_probability")), false, false, null,
                    !deleted && !Boolean.FALSE.equals(r.f.bool("active_flag")), deleted, r.syncedAt());
            return Normalized.of(CoreWrite.row(StageRow.TABLE, r.id(), row));
        };
    }
}
