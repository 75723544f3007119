package io.crmw.app.schedule;

import io.crmw.app.config.CrmwConfig;
import io.crmw.etl.pipeline.PipelineResult;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/** A scheduled pipeline run of one source (the job's key name is the source name); never two at once. */
@DisallowConcurrentExecution
public class SyncSourceJob implements Job {
    /** Job data naming what started the run ({@code manual} for the dashboard's sync now); a cron fire is {@code schedule}. */
    public static final String TRIGGER = "trigger";

    private static final Logger log = LoggerFactory.getLogger(SyncSourceJob.class);

    @Autowired
    private SourceSync sync;

    @Autowired
    private CrmwConfig config;

    @Override
    public void execute(JobExecutionContext context) {
        String source = context.getJobDetail().getKey().getName();
        var scheduled = config.source(source);
        if (scheduled.isEmpty()) {
            log.warn("schedule fired for source '{}', which is no longer in the config; ignored", source);
            return;
        }
        String trigger = context.getMergedJobDataMap().containsKey(TRIGGER)
                ? context.getMergedJobDataMap().getString(TRIGGER) : "schedule";
        if (context.isRecovering()) {
            // Quartz's cluster recovery: the node that fired this job stopped checking in while it ran
            log.info("recovery of the sync of '{}' whose node stopped mid-run; resuming from its committed cursors", source);
            trigger = "recovery";
        }
        var fire = new SourceSync.Fire(context.getScheduledFireTime() == null ? null
                : context.getScheduledFireTime().toInstant(), context.getFireInstanceId(), context.isRecovering());
        PipelineResult result = sync.sync(scheduled.get().config(), trigger, fire);
        if ("skipped".equals(result.status())) {
            log.info("run of '{}' skipped: {}", source, result.error());
            return;
        }
        if (result.succeeded()) {
            log.info("{} run {} of '{}' succeeded", trigger, result.runId(), source);
        } else {
            log.warn("{} run {} of '{}' ended {}: {}", trigger, result.runId(), source, result.status(), result.error());
        }
    }
}
