package io.crmw.app.cluster;

import io.crmw.app.schedule.SourceSync;
import io.crmw.connectors.spi.SourceConfig;
import io.crmw.etl.pipeline.PipelineResult;
import io.crmw.etl.pipeline.PipelineRunner;
import io.crmw.warehouse.raw.RawRetention;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sync in cluster mode: records the cron fire (a fire already run elsewhere is refused by the table's key), takes
 * the source's lease, runs extract and normalize inside the source's own store (resuming from its committed cursors:
 * a run left unfinished by a dead node is restarted by Spring Batch from the shared job repository), applies raw
 * retention there, lets the lease go and asks the cluster for a report build.
 */
public final class ClusterSync implements SourceSync {
    private static final Logger log = LoggerFactory.getLogger(ClusterSync.class);

    private final DataSource database;
    private final ClusterStores stores;
    private final PipelineRunner runner;
    private final ClusterTransform transform;
    private final String nodeId;
    private final int rawRetentionDays;

    public ClusterSync(DataSource database, ClusterStores stores, PipelineRunner runner, ClusterTransform transform,
                       String nodeId, int rawRetentionDays) {
        this.database = database;
        this.stores = stores;
        this.runner = runner;
        this.transform = transform;
        this.nodeId = nodeId;
        this.rawRetentionDays = rawRetentionDays;
    }

    @Override
    public PipelineResult sync(SourceConfig source, String trigger, Fire fire) {
        if ("schedule".equals(trigger) && fire.scheduledAt() != null && !fire.recovering()
                && !claim(source.name(), fire)) {
            return skipped(source, "the fire of " + fire.scheduledAt() + " already ran on another node");
        }
        Optional<ClusterStores.Lease> lease = stores.tryLease(source.name());
        if (lease.isEmpty()) {
            return skipped(source, "a run of '" + source.name() + "' is going on another node");
        }
        PipelineResult result;
        try (ClusterStores.Lease held = lease.get()) {
            result = runner.run(source, trigger, false, false, false);
            if (result.runId() != null && fire.scheduledAt() != null && "schedule".equals(trigger)) {
                recordRun(source.name(), fire, result.runId());
            }
            new RawRetention(held.store()::connect).apply(rawRetentionDays, Instant.now());
        }
        transform.request();
        return result;
    }

    /** True when this node is the first to take this fire of the source. */
    private boolean claim(String source, Fire fire) {
        try (Connection c = database.getConnection();
             PreparedStatement ps = c.prepareStatement("insert into crmw_fire (source, scheduled_fire_time, "
                     + "fire_instance_id, node_id) values (?, ?, ?, ?) on conflict do nothing")) {
            ps.setString(1, source);
            ps.setTimestamp(2, Timestamp.from(fire.scheduledAt()));
            ps.setString(3, fire.fireInstanceId());
            ps.setString(4, nodeId);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("source '" + source + "': cannot record the fire in the cluster database: "
                    + e.getMessage(), e);
        }
    }

    private void recordRun(String source, Fire fire, String runId) {
        try (Connection c = database.getConnection();
             PreparedStatement ps = c.prepareStatement("update crmw_fire set run_id = ? where source = ? "
                     + "and scheduled_fire_time = ?")) {
            ps.setString(1, runId);
            ps.setString(2, source);
            ps.setTimestamp(3, Timestamp.from(fire.scheduledAt()));
            ps.executeUpdate();
        } catch (SQLException e) {
            log.warn("source '{}': run {} not linked to its fire: {}", source, runId, e.getMessage());
        }
    }

    private static PipelineResult skipped(SourceConfig source, String why) {
        return new PipelineResult(null, source.name(), "skipped", null, why);
    }
}
