package io.crmw.etl.pipeline;

import io.crmw.connectors.spi.SourceConfig;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;

/**
 * Runs a source's pipeline job. Two runs of one source never overlap (a second request is skipped), and a
 * run that failed or was killed is restarted where it stopped: Spring Batch skips the steps it completed.
 */
public final class PipelineRunner {
    private static final Logger log = LoggerFactory.getLogger(PipelineRunner.class);

    private final PipelineJobs jobs;
    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final Map<String, ReentrantLock> running = new ConcurrentHashMap<>();

    public PipelineRunner(PipelineJobs jobs, JobOperator jobOperator, JobRepository jobRepository) {
        this.jobs = jobs;
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
    }

    public PipelineResult run(SourceConfig source, String trigger, boolean fullRefresh) {
        return run(source, trigger, fullRefresh, false);
    }

    /**
     * One pipeline run of a source.
     *
     * @param allowMassDelete let this run tombstone more than the source's {@code mass-delete-percent} of a stream
     */
    public PipelineResult run(SourceConfig source, String trigger, boolean fullRefresh, boolean allowMassDelete) {
        return run(source, trigger, fullRefresh, allowMassDelete, true);
    }

    /**
     * One pipeline run of a source; with {@code transform} false it ends after normalization, for a caller that
     * rebuilds the reports once after several sources (the demo).
     */
    public PipelineResult run(SourceConfig source, String trigger, boolean fullRefresh, boolean allowMassDelete,
                              boolean transform) {
        ReentrantLock lock = running.computeIfAbsent(source.name(), s -> new ReentrantLock());
        if (!lock.tryLock()) {
            log.info("source '{}': a run is still going; this {} trigger is skipped", source.name(), trigger);
            return new PipelineResult(null, source.name(), "skipped", null, "a run of '" + source.name() + "' is still going");
        }
        try {
            Job job = jobs.pipeline(source);
            JobExecution execution = jobOperator.start(job, parameters(source, trigger, fullRefresh, allowMassDelete,
                    transform));
            String runId = execution.getExecutionContext().containsKey(PipelineJobs.RUN_ID)
                    ? execution.getExecutionContext().getString(PipelineJobs.RUN_ID) : null;
            if (runId == null) {
                return new PipelineResult(null, source.name(), "failed", null,
                        "source '" + source.name() + "': the pipeline did not start: " + execution.getAllFailureExceptions());
            }
            return jobs.result(runId, source.name()).withSteps(timings(execution));
        } catch (Exception e) {
            return new PipelineResult(null, source.name(), "failed", null,
                    "source '" + source.name() + "': the pipeline could not run: " + PipelineJobs.describe(e));
        } finally {
            lock.unlock();
        }
    }

    private static java.util.List<PipelineResult.StepTiming> timings(JobExecution execution) {
        return execution.getStepExecutions().stream()
                .sorted(java.util.Comparator.comparing(s -> s.getStartTime() == null ? LocalDateTime.MIN : s.getStartTime()))
                .map(s -> new PipelineResult.StepTiming(s.getStepName(), s.getStatus().toString(),
                        s.getStartTime() == null || s.getEndTime() == null ? 0
                                : java.time.Duration.between(s.getStartTime(), s.getEndTime()).toMillis() / 1000.0,
                        s.getWriteCount()))
                .toList();
    }

    /** Same parameters as an unfinished instance (so Batch restarts it), otherwise a new instance. */
    private JobParameters parameters(SourceConfig source, String trigger, boolean fullRefresh, boolean allowMassDelete,
                                     boolean transform) {
        String name = PipelineJobs.jobName(source.name());
        JobInstance last = jobRepository.getLastJobInstance(name);
        if (last != null) {
            JobExecution lastExecution = jobRepository.getLastJobExecution(last);
            if (lastExecution != null && lastExecution.getStatus() != BatchStatus.COMPLETED
                    && lastExecution.getStatus() != BatchStatus.ABANDONED) {
                if (lastExecution.getStatus().isRunning()) {
                    // nothing else runs this source now (the lock above, DuckDB's file lock): the process died
                    for (var step : lastExecution.getStepExecutions()) {
                        if (step.getStatus().isRunning()) {
                            step.setStatus(BatchStatus.FAILED);
                            step.setEndTime(LocalDateTime.now());
                            jobRepository.update(step);
                        }
                    }
                    lastExecution.setStatus(BatchStatus.FAILED);
                    lastExecution.setEndTime(LocalDateTime.now());
                    jobRepository.update(lastExecution);
                }
                log.info("source '{}': restarting the unfinished run from {}", source.name(), lastExecution.getStartTime());
                return new JobParametersBuilder(lastExecution.getJobParameters())
                        .addString(PipelineJobs.TRIGGER, trigger, false)
                        .addString(PipelineJobs.FULL_REFRESH, String.valueOf(fullRefresh), false)
                        .addString(PipelineJobs.ALLOW_MASS_DELETE, String.valueOf(allowMassDelete), false)
                        .addString(PipelineJobs.TRANSFORM, String.valueOf(transform), false)
                        .toJobParameters();
            }
        }
        return new JobParametersBuilder()
                .addString("source", source.name())
                .addString("instance", Instant.now().toString())
                .addString(PipelineJobs.TRIGGER, trigger, false)
                .addString(PipelineJobs.FULL_REFRESH, String.valueOf(fullRefresh), false)
                .addString(PipelineJobs.ALLOW_MASS_DELETE, String.valueOf(allowMassDelete), false)
                .addString(PipelineJobs.TRANSFORM, String.valueOf(transform), false)
                .toJobParameters();
    }
}
