package io.crmw.etl.pipeline;

import io.crmw.connectors.extract.SourceOutcome;
import java.util.List;

/**
 * How one pipeline run of a source ended.
 *
 * @param status  succeeded | failed | stopped | skipped (a run of the source was still going)
 * @param extract the extraction's per-stream outcomes; null when extraction did not run
 * @param error   what went wrong, one line per problem, naming source and stream
 */
public record PipelineResult(String runId, String source, String status, SourceOutcome extract, String error,
                             List<StepTiming> steps) {

    public PipelineResult(String runId, String source, String status, SourceOutcome extract, String error) {
        this(runId, source, status, extract, error, List.of());
    }

    /** One step of the run: {@code extractHubspotMain}, {@code normalizeHubspotMainDeals}, {@code transformReports}. */
    public record StepTiming(String step, String status, double seconds, long records) {}

    public PipelineResult withSteps(List<StepTiming> timings) {
        return new PipelineResult(runId, source, status, extract, error, List.copyOf(timings));
    }

    public boolean succeeded() {
        return "succeeded".equals(status);
    }
}
