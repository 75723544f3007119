package io.crmw.app.schedule;

import io.crmw.app.config.CrmwConfig;
import io.crmw.warehouse.Warehouse;
import java.util.HashSet;
import java.util.Set;
import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.annotation.Configuration;

/**
 * Puts the config's cron schedules into Quartz's persistent store. A trigger whose cron did not change is
 * left as it is, so a fire time missed while the process was down is still known and fires once at start
 * (misfire: fire now, then proceed). Crons are read in the reporting time zone.
 */
@Configuration
public class Schedules {
    private static final Logger log = LoggerFactory.getLogger(Schedules.class);
    static final String SYNC = "sync";
    static final String TRANSFORM = "transform";

    /** Fires schedules only once everything is up (Camel's routes start after Quartz would). */
    @Bean
    ApplicationListener<ApplicationReadyEvent> startSchedulesWhenReady(Scheduler scheduler) {
        return event -> {
            try {
                scheduler.start();
            } catch (SchedulerException e) {
                throw new IllegalStateException("cannot start the scheduler: " + e.getMessage(), e);
            }
        };
    }

    /** On shutdown, stop firing and let a running pipeline finish before the engine goes away. */
    @Bean
    ApplicationListener<ContextClosedEvent> drainSchedulesOnShutdown(Scheduler scheduler) {
        return event -> {
            try {
                scheduler.shutdown(true);
            } catch (SchedulerException e) {
                log.warn("scheduler shutdown: {}", e.getMessage());
            }
        };
    }

    /** {@code /actuator/health} DOWN when a source's last successful sync is older than its schedule allows. */
    @Bean
    HealthIndicator syncFreshness(CrmwConfig config, io.crmw.app.engine.RunsView warehouse) {
        return new SyncFreshness(config, warehouse, java.time.Clock.systemUTC());
    }

    @Bean
    SmartInitializingSingleton registerSchedules(Scheduler scheduler, CrmwConfig config) {
        return () -> {
            try {
                Set<JobKey> wanted = new HashSet<>();
                for (CrmwConfig.ScheduledSource source : config.sources()) {
                    if (source.schedule().isPresent()) {
                        JobKey key = JobKey.jobKey(source.config().name(), SYNC);
                        wanted.add(key);
                        putRetrying(scheduler, key, SyncSourceJob.class, source.schedule().get(), config);
                    }
                }
                if (config.transformSchedule().isPresent()) {
                    JobKey key = JobKey.jobKey("reports", TRANSFORM);
                    wanted.add(key);
                    putRetrying(scheduler, key, TransformReportsJob.class, config.transformSchedule().get(), config);
                }
                for (String group : new String[] {SYNC, TRANSFORM}) {
                    for (JobKey key : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(group))) {
                        if (!wanted.contains(key)) {
                            scheduler.deleteJob(key);
                            log.info("schedule {} removed (no longer in the config)", key);
                        }
                    }
                }
            } catch (SchedulerException e) {
                throw new IllegalStateException("cannot register schedules: " + e.getMessage(), e);
            }
        };
    }

    /**
     * {@link #put}, again when it collided with a cluster node storing the same job at the same moment (PostgreSQL
     * answers the second insert with a duplicate key): the next attempt finds the job and keeps or updates it.
     */
    private static void putRetrying(Scheduler scheduler, JobKey key, Class<? extends org.quartz.Job> type, String cron,
                                    CrmwConfig config) throws SchedulerException {
        for (int attempt = 1; ; attempt++) {
            try {
                put(scheduler, key, type, cron, config);
                return;
            } catch (SchedulerException e) {
                if (attempt == 5) {
                    throw e;
                }
                // the database's own words ("ERROR: duplicate key ...") stay at debug: this is the expected race
                log.info("schedule {}: another node stored it at the same moment; trying again", key);
                log.debug("schedule {}: store collided", key, e);
                try {
                    Thread.sleep(100L * attempt);
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static void put(Scheduler scheduler, JobKey key, Class<? extends org.quartz.Job> type, String cron,
                            CrmwConfig config) throws SchedulerException {
        TriggerKey triggerKey = TriggerKey.triggerKey(key.getName(), key.getGroup());
        Trigger existing = scheduler.getTrigger(triggerKey);
        TimeZone zone = TimeZone.getTimeZone(config.reportingTimeZone());
        // requestRecovery: in a cluster, a sync whose node died is run again by another node (resuming its cursors)
        JobDetail job = JobBuilder.newJob(type).withIdentity(key).storeDurably().requestRecovery(true).build();
        JobDetail stored = scheduler.getJobDetail(key);
        if (existing instanceof CronTrigger ct && ct.getCronExpression().equals(cron) && ct.getTimeZone().hasSameRules(zone)) {
            if (stored != null && !stored.requestsRecovery()) {
                scheduler.addJob(job, true); // keeps the trigger and its next fire
            }
            log.info("schedule {} kept: '{}' (next fire {})", key, cron, ct.getNextFireTime());
            return;
        }
        CronTrigger trigger = TriggerBuilder.newTrigger()
                .withIdentity(triggerKey)
                .forJob(key)
                .withSchedule(CronScheduleBuilder.cronSchedule(cron).inTimeZone(zone)
                        .withMisfireHandlingInstructionFireAndProceed())
                .build();
        scheduler.addJob(job, true);
        if (existing == null) {
            try {
                scheduler.scheduleJob(trigger);
            } catch (org.quartz.ObjectAlreadyExistsException otherNode) {
                // a cluster node starting at the same moment stored it first: same config, same trigger
                log.info("schedule {} kept: registered by another node", key);
                return;
            }
        } else {
            scheduler.rescheduleJob(triggerKey, trigger);
        }
        log.info("schedule {} set: '{}' in {}", key, cron, zone.getID());
    }
}
