package io.crmw.etl.pipeline;

import io.crmw.connectors.extract.ExtractRequest;
import io.crmw.connectors.extract.ExtractRoutes;
import io.crmw.connectors.extract.SourceOutcome;
import io.crmw.connectors.spi.SourceConfig;
import io.crmw.etl.normalize.NormalizationSteps;
import io.crmw.warehouse.SourceStores;
import io.crmw.warehouse.Warehouse;
import io.crmw.warehouse.model.TransformResult;
import java.util.List;
import org.apache.camel.ProducerTemplate;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.builder.SimpleJobBuilder;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;

/**
 * The {@code pipeline-<source>} job: extract the source (its Camel route), normalize every stream into core,
 * rebuild the reports and publish. Reads like its table of contents:
 * {@code extractHubspotMain → normalizeHubspotMainOwners → … → transformReports}.
 */
public final class PipelineJobs {
    static final String RUN_ID = "crmw.runId";
    static final String PROBLEMS = "crmw.problems";
    static final String STOPPED = "crmw.stopped";
    static final String TRIGGER = "trigger";
    static final String FULL_REFRESH = "fullRefresh";
    static final String ALLOW_MASS_DELETE = "allowMassDelete";
    /** "false": the run leaves the reports to one transform after several sources' runs (the demo). */
    static final String TRANSFORM = "transform";

    private final JobRepository jobRepository;
    private final ProducerTemplate camel;
    private final NormalizationSteps normalization;
    private final Transformer transformer;
    private final SourceStores stores;
    private final ResourcelessTransactionManager tx = new ResourcelessTransactionManager();
    private final PipelineOutcomes outcomes = new PipelineOutcomes();

    public PipelineJobs(JobRepository jobRepository, ProducerTemplate camel, NormalizationSteps normalization,
                        Transformer transformer, Warehouse warehouse) {
        this(jobRepository, camel, normalization, transformer, SourceStores.single(warehouse));
    }

    /**
     * Cluster mode: each source's run bookkept in its own store; {@code transformer} is null there, since the reports
     * are built by the node holding the cluster's transform lock, never inside a source's run.
     */
    public PipelineJobs(JobRepository jobRepository, ProducerTemplate camel, NormalizationSteps normalization,
                        Transformer transformer, SourceStores stores) {
        this.jobRepository = jobRepository;
        this.camel = camel;
        this.normalization = normalization;
        this.transformer = transformer;
        this.stores = stores;
    }

    public static String jobName(String source) {
        return "pipeline-" + source;
    }

    /** The in-memory result of a finished run (per-stream outcomes, status, error). */
    PipelineResult result(String runId, String source) {
        return outcomes.take(runId, source);
    }

    public Job pipeline(SourceConfig source) {
        SimpleJobBuilder job = new JobBuilder(jobName(source.name()), jobRepository)
                .listener(new RunBookkeeping(source.name()))
                .start(extract(source));
        for (Step step : normalization.stepsFor(source.name(), source.type())) {
            job.next(step);
        }
        return job.next(transform()).build();
    }

    private Step extract(SourceConfig source) {
        return new StepBuilder("extract" + StepNames.camel(source.name()), jobRepository)
                .tasklet((contribution, chunk) -> {
                    JobExecution execution = chunk.getStepContext().getStepExecution().getJobExecution();
                    String runId = execution.getExecutionContext().getString(RUN_ID);
                    boolean fullRefresh = "true".equals(execution.getJobParameters().getString(FULL_REFRESH));
                    SourceOutcome outcome = camel.requestBody(ExtractRoutes.endpointFor(source.name()),
                            new ExtractRequest(runId, fullRefresh,
                                    "true".equals(execution.getJobParameters().getString(ALLOW_MASS_DELETE))),
                            SourceOutcome.class);
                    contribution.incrementWriteCount(outcome.records());
                    if (!outcome.succeeded()) {
                        // landed pages are good data: normalize and report them, but the run ends failed
                        execution.getExecutionContext().putString(PROBLEMS, outcome.problems());
                        boolean onlyStopped = outcome.error() == null
                                && outcome.streams().stream().allMatch(s -> s.succeeded() || "stopped".equals(s.status()));
                        execution.getExecutionContext().putString(STOPPED, String.valueOf(onlyStopped));
                    }
                    outcomes.remember(runId, outcome);
                    return RepeatStatus.FINISHED;
                }, tx)
                .allowStartIfComplete(true)
                .build();
    }

    private Step transform() {
        return new StepBuilder("transformReports", jobRepository)
                .tasklet((contribution, chunk) -> {
                    JobExecution execution = chunk.getStepContext().getStepExecution().getJobExecution();
                    if ("false".equals(execution.getJobParameters().getString(TRANSFORM)) || transformer == null) {
                        return RepeatStatus.FINISHED;
                    }
                    TransformResult result = transformer.transform(execution.getExecutionContext().getString(RUN_ID));
                    if (!result.failures().isEmpty()) {
                        throw new TransformFailedException(String.join("\n", result.failures()));
                    }
                    return RepeatStatus.FINISHED;
                }, tx)
                .allowStartIfComplete(true)
                .build();
    }

    /** Writes meta.sync_run for each execution: a new run id per attempt, status and error at the end. */
    private final class RunBookkeeping implements JobExecutionListener {
        private final String source;

        RunBookkeeping(String source) {
            this.source = source;
        }

        @Override
        public void beforeJob(JobExecution execution) {
            String runId = RunIds.next();
            execution.getExecutionContext().putString(RUN_ID, runId);
            execution.getExecutionContext().remove(PROBLEMS);
            execution.getExecutionContext().remove(STOPPED);
            stores.of(source).runs().startRun(runId, source,
                    String.valueOf(execution.getJobParameters().getString(TRIGGER)),
                    "true".equals(execution.getJobParameters().getString(FULL_REFRESH)));
        }

        @Override
        public void afterJob(JobExecution execution) {
            var context = execution.getExecutionContext();
            String runId = context.getString(RUN_ID);
            List<Throwable> failures = execution.getAllFailureExceptions();
            String problems = context.containsKey(PROBLEMS) ? context.getString(PROBLEMS) : null;
            String status;
            String error;
            if (!failures.isEmpty()) {
                status = "failed";
                error = String.join("\n", failures.stream().map(PipelineJobs::describe).toList());
                if (problems != null) {
                    error = problems + "\n" + error;
                }
            } else if (problems != null) {
                status = "true".equals(context.getString(STOPPED)) ? "stopped" : "failed";
                error = problems;
            } else {
                status = "succeeded";
                error = null;
            }
            stores.of(source).runs().finishRun(runId, status, error);
            outcomes.finish(runId, status, error);
        }
    }

    static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root && root.getMessage() == null) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    /** The transform's data tests failed; the previous report tables stay in place. */
    static final class TransformFailedException extends RuntimeException {
        TransformFailedException(String message) {
            super(message);
        }
    }
}
