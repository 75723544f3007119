package io.crmw.app.schedule;

import io.crmw.app.config.CrmwConfig;
import io.crmw.connectors.spi.CommonSettings;
import io.crmw.connectors.spi.SourceConfig;
import io.crmw.warehouse.Warehouse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import org.quartz.CronExpression;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code serve}'s health: DOWN, naming the source, when a scheduled source's last successful sync is older than its
 * schedule allows (two fire intervals of its cron plus its run deadline), or when a run of any source has been going
 * longer than its deadline plus {@link #AFTER_DEADLINE} for normalize and transform. A source that has not succeeded
 * yet is measured from when {@code serve} started.
 */
public final class SyncFreshness implements HealthIndicator {
    /** Normalize and transform still run after extraction stops at the deadline. */
    static final Duration AFTER_DEADLINE = Duration.ofMinutes(15);
    /** Fire intervals of slack: one missed fire is tolerated (a run can fail once), two are not. */
    static final int INTERVALS = 2;

    /** A source as health sees it: its cron (empty: manual runs only) and run deadline. */
    record Watched(String source, Optional<String> cron, Duration deadline) {}

    /** What the warehouse says about a source's runs. */
    record Runs(Optional<Instant> lastSuccess, Optional<Instant> runningSince) {}

    private final List<Watched> watched;
    private final ZoneId zone;
    private final io.crmw.app.engine.RunsView warehouse;
    private final Clock clock;
    private final Instant servingSince;

    SyncFreshness(CrmwConfig config, io.crmw.app.engine.RunsView warehouse, Clock clock) {
        this.watched = config.sources().stream().map(s -> new Watched(s.config().name(), s.schedule(),
                deadline(s.config()))).toList();
        this.zone = config.reportingTimeZone();
        this.warehouse = warehouse;
        this.clock = clock;
        this.servingSince = clock.instant();
    }

    @Override
    public Health health() {
        Map<String, Runs> runs;
        try {
            runs = runs();
        } catch (SQLException | RuntimeException e) {
            return Health.down().withDetail("warehouse", "cannot read meta.sync_run: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("")).build();
        }
        return assess(watched, runs, zone, servingSince, clock.instant());
    }

    /** The verdict for {@code now}; a pure function, so tests can set every instant. */
    static Health assess(List<Watched> watched, Map<String, Runs> runs, ZoneId zone, Instant servingSince, Instant now) {
        boolean down = false;
        Map<String, Object> details = new LinkedHashMap<>();
        for (Watched w : watched) {
            Runs r = runs.getOrDefault(w.source(), new Runs(Optional.empty(), Optional.empty()));
            Map<String, Object> d = new LinkedHashMap<>();
            r.lastSuccess().ifPresent(t -> d.put("lastSuccessfulSync", t.toString()));
            String problem = null;
            if (r.runningSince().isPresent()
                    && r.runningSince().get().plus(w.deadline()).plus(AFTER_DEADLINE).isBefore(now)) {
                problem = "source '" + w.source() + "': a run started at " + r.runningSince().get() + " is still going, "
                        + "past its deadline (run-deadline-minutes: " + w.deadline().toMinutes() + "); see the log, "
                        + "or restart `crmw serve`";
            } else if (w.cron().isPresent()) {
                Duration allowed = interval(w.cron().get(), zone, now).multipliedBy(INTERVALS).plus(w.deadline());
                Instant since = r.lastSuccess().orElse(servingSince);
                d.put("allowedAge", allowed.toString());
                if (since.plus(allowed).isBefore(now)) {
                    problem = "source '" + w.source() + "': " + (r.lastSuccess().isPresent()
                            ? "last successful sync at " + since : "no successful sync since `serve` started at " + since)
                            + ", older than its schedule allows (" + INTERVALS + " fire intervals of '" + w.cron().get()
                            + "' + run-deadline-minutes = " + allowed.toMinutes() + " min); see `crmw status` for the "
                            + "last error";
                }
            }
            d.put("status", problem == null ? "UP" : "DOWN");
            if (problem != null) {
                d.put("problem", problem);
                down = true;
            }
            details.put(w.source(), d);
        }
        return (down ? Health.down() : Health.up()).withDetails(details).build();
    }

    /** The longest gap between the cron's next fire times (crons may be irregular, e.g. weekdays only). */
    static Duration interval(String cron, ZoneId zone, Instant now) {
        try {
            CronExpression expression = new CronExpression(cron);
            expression.setTimeZone(TimeZone.getTimeZone(zone));
            Duration longest = Duration.ZERO;
            Date previous = expression.getNextValidTimeAfter(Date.from(now));
            for (int i = 0; i < 14 && previous != null; i++) {
                Date next = expression.getNextValidTimeAfter(previous);
                if (next == null) {
                    break;
                }
                Duration gap = Duration.between(previous.toInstant(), next.toInstant());
                longest = gap.compareTo(longest) > 0 ? gap : longest;
                previous = next;
            }
            return longest;
        } catch (ParseException e) {
            return Duration.ZERO; // the config loader refused bad crons already
        }
    }

    private Map<String, Runs> runs() throws SQLException {
        Map<String, Runs> out = new HashMap<>();
        try (Connection c = warehouse.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("""
                     select source,
                            epoch_us(max(finished_at) filter (where status = 'succeeded')) as last_success,
                            epoch_us(min(started_at) filter (where status = 'running')) as running_since
                     from meta.sync_run group by source""")) {
            while (rs.next()) {
                out.put(rs.getString(1), new Runs(micros(rs, 2), micros(rs, 3)));
            }
        }
        return out;
    }

    private static Optional<Instant> micros(ResultSet rs, int column) throws SQLException {
        long us = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.EPOCH.plusNanos(us * 1000));
    }

    private static Duration deadline(SourceConfig config) {
        return Duration.ofMinutes(config.wholeNumber(CommonSettings.RUN_DEADLINE_MINUTES.key(),
                Long.parseLong(CommonSettings.RUN_DEADLINE_MINUTES.defaultValue())));
    }
}
