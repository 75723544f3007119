package io.crmw.app.schedule;

import io.crmw.etl.pipeline.RunIds;
import io.crmw.etl.pipeline.Transformer;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/** A scheduled rebuild of the reports on their own cron (they are also rebuilt after every sync). */
@DisallowConcurrentExecution
public class TransformReportsJob implements Job {
    private static final Logger log = LoggerFactory.getLogger(TransformReportsJob.class);

    @Autowired
    private Transformer transformer;

    @Override
    public void execute(JobExecutionContext context) {
        var result = transformer.transform(RunIds.next());
        if (result.failures().isEmpty()) {
            log.info("scheduled transform built {} models, {} data tests passed", result.models(), result.tests());
        } else {
            log.warn("scheduled transform failed; previous reports kept: {}", String.join("; ", result.failures()));
        }
    }
}
