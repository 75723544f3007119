package io.crmw.etl.pipeline;

import io.crmw.connectors.extract.SourceOutcome;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Hands a run's in-memory results from the job's steps back to the caller that launched it. */
final class PipelineOutcomes {
    private final Map<String, SourceOutcome> EXTRACTS = new ConcurrentHashMap<>();
    private final Map<String, String[]> FINISHED = new ConcurrentHashMap<>();

    void remember(String runId, SourceOutcome outcome) {
        EXTRACTS.put(runId, outcome);
    }

    void finish(String runId, String status, String error) {
        FINISHED.put(runId, new String[] {status, error});
    }

    PipelineResult take(String runId, String source) {
        SourceOutcome extract = EXTRACTS.remove(runId);
        String[] end = FINISHED.remove(runId);
        String status = end == null ? "failed" : end[0];
        String error = end == null ? "run " + runId + " ended without bookkeeping" : end[1];
        return new PipelineResult(runId, source, status, extract, error);
    }
}
