package io.crmw.etl.pipeline;

import io.crmw.connectors.extract.SourceOutcome;

/**
 * How one pipeline run of a source ended.
 *
 * @param status  succeeded | failed | stopped | skipped (a run of the source was still going)
 * @param extract the extraction's per-stream outcomes; null when extraction did not run
 * @param error   what went wrong, one line per problem, naming source and stream
 */
public record PipelineResult(String runId, String source, String status, SourceOutcome extract, String error) {

    public boolean succeeded() {
        return "succeeded".equals(status);
    }
}
