package io.crmw.etl.normalize.hubspot;

import io.crmw.etl.normalize.CoreIds;
import io.crmw.etl.normalize.CoreWrite;
import io.crmw.etl.normalize.Fields;
import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.RawRow;
import io.crmw.etl.normalize.RecordMapper;
import io.crmw.etl.normalize.Vocabulary;
import io.crmw.etl.normalize.core.PipelineRow;
import io.crmw.etl.normalize.core.StageRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * A HubSpot pipeline ({@code /crm/v3/pipelines/deals|tickets}: {@code id, label, displayOrder, archived,
 * stages[]}) → {@code core.pipeline} plus its {@code core.stage} rows, replaced as a set (a stage removed from
 * the pipeline disappears).
 *
 * <p>Stage ids are {@code <source>:stage:<stageId>} without the pipeline: HubSpot stage ids are unique within
 * a portal (its own deal properties {@code hs_date_entered_<stageId>} are keyed by the bare stage id), so a
 * deal's {@code dealstage} resolves without knowing its pipeline.
 */
public final class HubspotPipelineMapper implements RecordMapper {

    private final String objectType;

    /** @param objectType {@code deal} or {@code ticket} */
    public HubspotPipelineMapper(String objectType) {
        this.objectType = objectType;
    }

    @Override
    public Normalized map(RawRow raw) {
        Fields f = Fields.top(raw);
        String source = raw.source();
        String id = f.text("id") != null ? f.text("id") : raw.id();
        String pipelineId = CoreIds.of(source, "pipeline", id);
        boolean deleted = raw.deleted();
        boolean archived = Boolean.TRUE.equals(f.bool("archived"));
        PipelineRow pipeline = new PipelineRow(pipelineId, source, id, objectType, f.text("label"),
                f.integer("displayOrder"), !archived && !deleted, deleted, raw.extractedAt());

        List<StageRow> stages = new ArrayList<>();
        for (JsonNode s : raw.payload().path("stages")) {
            Fields st = new Fields(raw, s);
            String stageId = st.text("id");
            if (stageId == null) {
                continue;
            }
            Fields meta = new Fields(raw, s.path("metadata"));
            String probabilityRaw = meta.text("probability");
            Double probability = Vocabulary.fractionOrPercent(meta.number("probability"));
            Boolean isClosed;
            Boolean isWon;
            if ("ticket".equals(objectType)) {
                String state = meta.text("ticketState");
                isClosed = state == null ? meta.bool("isClosed") : "CLOSED".equals(state.toUpperCase(Locale.ROOT));
                isWon = null;
            } else {
                isClosed = meta.bool("isClosed");
                // HubSpot: a closed deal stage has probability 1.0 when won, 0.0 when lost
                isWon = isClosed == null ? null : isClosed && probability != null && probability >= 1.0;
            }
            boolean stageArchived = Boolean.TRUE.equals(st.bool("archived"));
            stages.add(new StageRow(CoreIds.of(source, "stage", stageId), source, stageId, pipelineId,
                    st.text("label"), st.integer("displayOrder"), probabilityRaw, probability, isClosed, isWon,
                    null, !stageArchived && !archived && !deleted, deleted, raw.extractedAt()));
        }
        return Normalized.of(
                CoreWrite.row(PipelineRow.TABLE, id, pipeline),
                CoreWrite.children(StageRow.TABLE, "pipeline_id", pipelineId, stages));
    }
}
