package io.crmw.app.web;

import io.crmw.app.config.CrmwConfig;
import io.crmw.warehouse.Warehouse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Date;
import java.util.Map;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /api/sources}: every configured source with its schedule, next fire time, whether it runs now, its
 * recent runs (failures with their message) and its streams' last runs with live and vendor counts (reconciled or
 * not); read from the engine's warehouse, so it is current, not as of the last publish. {@code POST
 * /api/sources/{name}/sync} runs a source now through its Quartz job (the same job key as its schedule, so a
 * manual run and a scheduled one never overlap); refused with 409 while one runs.
 */
@RestController
public class SourcesApi {
    static final String SYNC_GROUP = "sync";
    private static final int RUNS_SHOWN = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CrmwConfig config;
    private final io.crmw.app.engine.RunsView warehouse;
    private final Scheduler scheduler;

    public SourcesApi(CrmwConfig config, io.crmw.app.engine.RunsView warehouse, Scheduler scheduler) {
        this.config = config;
        this.warehouse = warehouse;
        this.scheduler = scheduler;
    }

    @GetMapping(path = "/api/sources", produces = MediaType.APPLICATION_JSON_VALUE)
    public ObjectNode sources() throws SQLException, SchedulerException {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode sources = out.putArray("sources");
        try (Connection c = warehouse.connect()) {
            for (CrmwConfig.ScheduledSource s : config.sources()) {
                String name = s.config().name();
                ObjectNode o = sources.addObject();
                o.put("name", name);
                o.put("type", s.config().type());
                if (s.schedule().isPresent()) {
                    o.put("schedule", s.schedule().get());
                } else {
                    o.putNull("schedule");
                }
                Date next = nextFire(name);
                if (next == null) {
                    o.putNull("next_fire");
                } else {
                    o.put("next_fire", next.toInstant().toString());
                }
                o.put("running", running(name) || lastStatusIsRunning(c, name));
                o.set("runs", runs(c, name));
                o.set("streams", streams(c, name));
            }
        }
        return out;
    }

    @PostMapping(path = "/api/sources/{name}/sync", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> syncNow(@PathVariable("name") String name) throws SchedulerException, SQLException {
        if (config.source(name).isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ReportsApi.error("name", "no source named '" + name + "'",
                    String.join(", ", config.sources().stream().map(s -> s.config().name()).toList())));
        }
        synchronized (this) {
            boolean busy = running(name);
            if (!busy) {
                try (Connection c = warehouse.connect()) {
                    busy = lastStatusIsRunning(c, name);
                }
            }
            if (busy) {
                return ResponseEntity.status(HttpStatus.CONFLICT).body(ReportsApi.error("name",
                        "a sync of '" + name + "' is running; try again when it has finished", ""));
            }
            JobKey key = JobKey.jobKey(name, SYNC_GROUP);
            if (!scheduler.checkExists(key)) {
                scheduler.addJob(JobBuilder.newJob(io.crmw.app.schedule.SyncSourceJob.class).withIdentity(key)
                        .storeDurably().requestRecovery(true).build(), false);
            }
            scheduler.triggerJob(key, new org.quartz.JobDataMap(Map.of(io.crmw.app.schedule.SyncSourceJob.TRIGGER, "manual")));
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("source", name, "accepted", true,
                "message", "sync of '" + name + "' started; follow it on /api/sources"));
    }

    /**
     * Running, or about to: a one-off trigger already due (a "sync now" no worker has picked up yet) counts, so a
     * second "sync now" right after the first is refused instead of queueing a second run.
     */
    private boolean running(String name) throws SchedulerException {
        JobKey key = JobKey.jobKey(name, SYNC_GROUP);
        for (JobExecutionContext job : scheduler.getCurrentlyExecutingJobs()) {
            if (job.getJobDetail().getKey().equals(key)) {
                return true;
            }
        }
        long soon = System.currentTimeMillis() + 1000;
        for (Trigger t : scheduler.getTriggersOfJob(key)) {
            Date next = t.getNextFireTime();
            if (!(t instanceof org.quartz.CronTrigger) && next != null && next.getTime() <= soon) {
                return true;
            }
        }
        return false;
    }

    private Date nextFire(String name) throws SchedulerException {
        Date next = null;
        for (Trigger t : scheduler.getTriggersOfJob(JobKey.jobKey(name, SYNC_GROUP))) {
            Date d = t.getNextFireTime();
            if (d != null && (next == null || d.before(next))) {
                next = d;
            }
        }
        return next;
    }

    private static boolean lastStatusIsRunning(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select status from meta.sync_run where source = ? order by started_at desc limit 1")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && "running".equals(rs.getString(1));
            }
        }
    }

    private static ArrayNode runs(Connection c, String name) throws SQLException {
        ArrayNode out = JSON.createArrayNode();
        try (PreparedStatement ps = c.prepareStatement("""
                select run_id, trigger, started_at, finished_at, status, pages, records, http_calls, retries, throttled, error
                from meta.sync_run where source = ? order by started_at desc limit ?""")) {
            ps.setString(1, name);
            ps.setInt(2, RUNS_SHOWN);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ObjectNode r = out.addObject();
                    r.put("run_id", rs.getString("run_id"));
                    r.put("trigger", rs.getString("trigger"));
                    time(r, "started_at", rs.getObject("started_at", OffsetDateTime.class));
                    time(r, "finished_at", rs.getObject("finished_at", OffsetDateTime.class));
                    r.put("status", rs.getString("status"));
                    for (String n : new String[] {"pages", "records", "http_calls", "retries", "throttled"}) {
                        r.put(n, rs.getLong(n));
                    }
                    r.put("error", rs.getString("error"));
                }
            }
        }
        return out;
    }

    private static ArrayNode streams(Connection c, String name) throws SQLException {
        ArrayNode out = JSON.createArrayNode();
        try (PreparedStatement ps = c.prepareStatement("""
                select stream, started_at, finished_at, status, pages, records, tombstones, warehouse_count, vendor_count, error
                from meta.stream_run where source = ?
                qualify row_number() over (partition by stream order by started_at desc) = 1
                order by stream""")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ObjectNode r = out.addObject();
                    r.put("stream", rs.getString("stream"));
                    time(r, "finished_at", rs.getObject("finished_at", OffsetDateTime.class));
                    r.put("status", rs.getString("status"));
                    r.put("pages", rs.getLong("pages"));
                    r.put("records", rs.getLong("records"));
                    r.put("tombstones", rs.getLong("tombstones"));
                    Long live = (Long) rs.getObject("warehouse_count");
                    Long vendor = (Long) rs.getObject("vendor_count");
                    r.put("live", live);
                    r.put("vendor", vendor);
                    if (live == null || vendor == null) {
                        r.putNull("reconciled"); // the vendor gives no count for this stream
                    } else {
                        r.put("reconciled", live.equals(vendor));
                    }
                    r.put("error", rs.getString("error"));
                }
            }
        }
        return out;
    }

    private static void time(ObjectNode o, String field, OffsetDateTime t) {
        if (t == null) {
            o.putNull(field);
        } else {
            o.put(field, t.toInstant().toString());
        }
    }
}
