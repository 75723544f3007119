package io.crmw.etl.normalize.salesforce;

import io.crmw.etl.normalize.CoreWrite;
import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.RecordMapper;
import io.crmw.etl.normalize.RawRow;
import io.crmw.etl.normalize.core.PipelineRow;
import io.crmw.etl.normalize.core.StageRow;

/**
 * An {@code OpportunityStage} → {@code core.stage}, in the source's one pseudo pipeline
 * {@code <source>:pipeline:default} (Salesforce has stages, not pipelines), which it also (re)writes.
 *
 * <p>The stage's core id is keyed by its API name ({@code <source>:stage:Closed Won}), because that is the value
 * {@code Opportunity.StageName} and {@code OpportunityHistory.StageName} hold; so deals and their history resolve
 * their stage without a lookup. {@code DefaultProbability} is a percent: probability = it / 100.
 */
final class SalesforceStageMapper implements RecordMapper {

    static final String PIPELINE = "default";

    @Override
    public Normalized map(RawRow raw) {
        SalesforceRecord r = new SalesforceRecord(raw);
        String apiName = r.firstText("ApiName", "MasterLabel");
        if (apiName == null) {
            apiName = r.id();
        }
        String pipelineId = r.coreId("pipeline", PIPELINE);
        boolean deleted = r.deleted();
        StageRow stage = new StageRow(r.coreId("stage", apiName), r.source(), apiName, pipelineId,
                r.firstText("MasterLabel", "ApiName"), r.f.integer("SortOrder"), r.text("DefaultProbability"),
                r.percentFraction("DefaultProbability"), r.f.bool("IsClosed"), r.f.bool("IsWon"),
                r.text("ForecastCategoryName"), !deleted && !Boolean.FALSE.equals(r.f.bool("IsActive")), deleted,
                r.syncedAt());
        return Normalized.of(
                CoreWrite.row(PipelineRow.TABLE, PIPELINE, pipeline(r)),
                CoreWrite.row(StageRow.TABLE, apiName, stage));
    }

    static PipelineRow pipeline(SalesforceRecord r) {
        return new PipelineRow(r.coreId("pipeline", PIPELINE), r.source(), PIPELINE, "deal", "Opportunities", 0, true,
                false, r.syncedAt());
    }
}
