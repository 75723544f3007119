package io.crmw.etl.normalize.zoho;

import io.crmw.etl.normalize.CoreWrite;
import io.crmw.etl.normalize.Fields;
import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.RecordMapper;
import io.crmw.etl.normalize.core.PipelineRow;
import io.crmw.etl.normalize.core.StageRow;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A Deals pipeline ({@code /settings/pipeline}: {@code id, display_value, actual_value, default, maps[]}) →
 * {@code core.pipeline}, and its {@code maps[]} → its {@code core.stage} rows, replaced as a set.
 *
 * <p>A stage is keyed by its pipeline's id and its display value ({@link #stageId}), because that is what a deal
 * names ({@code Pipeline{id}}, {@code Stage} = the display value) and what its stage history names: deals and
 * history build the same id without a lookup. The forecast type (Deal Category) Closed Won / Closed Lost / Open
 * gives is_won and is_closed; the forecast category's name is the stage's default forecast category. Stage
 * probabilities come from the {@code deal_stages} stream (finishing SQL).
 */
final class ZohoPipelineMapper {

    private ZohoPipelineMapper() {}

    /** {@code <source>:stage:<pipeline id>:<stage display value>}, or null without both. */
    static String stageId(ZohoRecord r, String pipelineId, String stage) {
        return pipelineId == null || stage == null ? null : r.coreId("stage", pipelineId + ":" + stage);
    }

    static RecordMapper pipelines() {
        return raw -> {
            ZohoRecord r = new ZohoRecord(raw);
            boolean deleted = r.deleted();
            String pipelineId = r.coreId("pipeline", r.id());
            List<StageRow> stages = new ArrayList<>();
            for (JsonNode map : raw.payload().path("maps")) {
                Fields m = new Fields(raw, map);
                String name = m.firstText("display_value", "actual_value");
                if (name == null) {
                    continue;
                }
                String type = m.lower("forecast_type");
                Boolean won = type == null ? null : type.replaceAll("[^a-z]", "").equals("closedwon");
                Boolean closed = type == null ? null : type.startsWith("closed");
                stages.add(new StageRow(stageId(r, r.id(), name), r.source(), r.id() + ":" + name, pipelineId, name,
                        m.integer("sequence_number"), null, null, closed, won,
                        new Fields(raw, map.path("forecast_category")).text("name"), !deleted, deleted,
                        r.syncedAt()));
            }
            PipelineRow pipeline = new PipelineRow(pipelineId, r.source(), r.id(), "deal",
                    r.firstText("display_value", "actual_value"), Boolean.TRUE.equals(r.f.bool("default")) ? 0 : null,
                    !deleted, deleted, r.syncedAt());
            return Normalized.of(CoreWrite.row(PipelineRow.TABLE, r.id(), pipeline),
                    CoreWrite.children(StageRow.TABLE, "pipeline_id", pipelineId, stages));
        };
    }
}
