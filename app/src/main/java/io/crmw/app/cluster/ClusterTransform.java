package io.crmw.app.cluster;

import io.crmw.etl.pipeline.RunIds;
import io.crmw.etl.pipeline.TransformSettings;
import io.crmw.etl.pipeline.Transformer;
import io.crmw.warehouse.Sql;
import io.crmw.warehouse.Warehouse;
import io.crmw.warehouse.model.TransformResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the reports in cluster mode, on one node at a time. A node that finished a sync raises the cluster's
 * {@code wanted} counter and tries the transform lock; the holder imports every source store that is not being
 * written at that moment into the warehouse (the store attached read-only; its core rows and run history replace that
 * source's rows, in one transaction), runs the models, publishes the analysts' copy (temp file, atomic rename on the
 * shared directory) and repeats until {@code built} caught up with {@code wanted}. A source whose sync is still
 * going is left as it was: its own end raises {@code wanted} again. The warehouse file is opened only by the lock
 * holder, and only while it builds.
 */
public final class ClusterTransform {
    private static final Logger log = LoggerFactory.getLogger(ClusterTransform.class);
    /** Run history and cursors copied with a source's core rows (id_pass and normalize_state are working state). */
    private static final List<String> META = List.of("sync_state", "sync_run", "stream_run");

    private final DataSource database;
    private final DataSource locks;
    private final ClusterStores stores;
    private final Path warehouse;
    private final Supplier<List<String>> sources;
    private final TransformSettings settings;
    private final String nodeId;

    public ClusterTransform(DataSource database, DataSource locks, ClusterStores stores, Path warehouse,
                            Supplier<List<String>> sources, TransformSettings settings, String nodeId) {
        this.database = database;
        this.locks = locks;
        this.stores = stores;
        this.warehouse = warehouse;
        this.sources = sources;
        this.settings = settings;
        this.nodeId = nodeId;
    }

    /** After a sync: asks for a build and builds if no other node is building (that node picks the request up). */
    public void request() {
        try (Connection c = database.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("update crmw_transform_state set wanted = wanted + 1 where id = 1");
        } catch (SQLException e) {
            log.warn("cannot ask the cluster for a report build: {}", e.getMessage());
            return;
        }
        drain();
    }

    /**
     * Builds while builds are wanted and this node holds the lock. Re-checks after letting go: a request raised
     * between the holder's last look and its unlock failed to take the lock, so the holder must see it here.
     */
    void drain() {
        while (true) {
            Optional<ClusterStores.Lock> lock = ClusterStores.Lock.tryTake(locks, ClusterTables.TRANSFORM_LOCK, "transform");
            if (lock.isEmpty()) {
                return;
            }
            try (ClusterStores.Lock held = lock.get()) {
                long[] state;
                while ((state = state())[0] > state[1]) {
                    buildOnce(state[0]);
                }
            } catch (SQLException | RuntimeException e) {
                // e.g. the warehouse file held by a reader for a moment: `built` stays behind, so the next request builds
                log.warn("cluster report build stopped, the next sync's request retries it: {}",
                        String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
                return;
            }
            try {
                long[] state = state();
                if (state[0] <= state[1]) {
                    return;
                }
            } catch (SQLException e) {
                return;
            }
        }
    }

    /** {@code {wanted, built}}. */
    private long[] state() throws SQLException {
        try (Connection c = database.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select wanted, built from crmw_transform_state where id = 1")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    private void buildOnce(long wanted) throws SQLException {
        String runId = RunIds.next();
        List<String> imported = new ArrayList<>();
        List<String> busy = new ArrayList<>();
        TransformResult result;
        try (Warehouse central = Warehouse.open(warehouse)) {
            for (String source : sources.get()) {
                Path file = stores.file(source);
                if (!Files.exists(file)) {
                    continue;
                }
                Optional<ClusterStores.Lock> lock = stores.tryLock(source);
                if (lock.isEmpty()) {
                    busy.add(source);
                    continue;
                }
                try (ClusterStores.Lock held = lock.get()) {
                    importStore(central, source, file);
                    imported.add(source);
                }
            }
            result = new Transformer(central, settings).transform(runId);
        }
        try (Connection c = database.getConnection();
             PreparedStatement ps = c.prepareStatement("update crmw_transform_state set built = greatest(built, ?), "
                     + "built_at = now(), built_by = ? where id = 1")) {
            ps.setLong(1, wanted);
            ps.setString(2, nodeId);
            ps.executeUpdate();
        }
        if (result.succeeded()) {
            log.info("cluster transform {} on {}: sources {} imported{}; {} models, {} data tests passed, published",
                    runId, nodeId, imported, busy.isEmpty() ? "" : ", " + busy + " still syncing (kept as before)",
                    result.models(), result.tests());
        } else {
            log.warn("cluster transform {} failed; previous reports kept: {}", runId, String.join("; ", result.failures()));
        }
    }

    /**
     * Replaces the source's rows in core and its run history with the store's, in one transaction: the warehouse
     * never shows half a source.
     */
    static void importStore(Warehouse central, String source, Path file) throws SQLException {
        String alias = "store_" + Integer.toHexString(source.hashCode() & 0x7fffffff);
        try (Connection c = central.connect(); Statement st = c.createStatement()) {
            st.execute("attach " + Sql.literal(file.toAbsolutePath().toString()) + " as " + alias + " (read_only)");
            try {
                List<String> coreTables = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("select table_name from duckdb_tables() where database_name = '"
                        + alias + "' and schema_name = 'core' order by table_name")) {
                    while (rs.next()) {
                        coreTables.add(rs.getString(1));
                    }
                }
                c.setAutoCommit(false);
                try {
                    for (String table : coreTables) {
                        replace(c, "core." + Sql.ident(table), alias + ".core." + Sql.ident(table), "source_system", source);
                    }
                    for (String table : META) {
                        replace(c, "meta." + table, alias + ".meta." + table, "source", source);
                    }
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            } finally {
                st.execute("detach " + alias);
            }
        }
    }

    private static void replace(Connection c, String target, String from, String column, String source) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("delete from " + target + " where " + column + " = ?");
             PreparedStatement insert = c.prepareStatement("insert into " + target + " by name select * from " + from
                     + " where " + column + " = ?")) {
            delete.setString(1, source);
            delete.executeUpdate();
            insert.setString(1, source);
            insert.executeUpdate();
        }
    }
}
