package io.crmw.app.cluster;

import io.crmw.warehouse.SourceStores;
import io.crmw.warehouse.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Each source's raw store in cluster mode: {@code <dir>/<source>.duckdb}, a warehouse file of its own holding that
 * source's raw records, cursors, run history and normalized core rows. A node opens it only while it holds the
 * source's lease, a PostgreSQL session advisory lock; so at most one process in the cluster has the file open, and
 * a node that dies (its database session ends) frees the source for the next one, which resumes from the cursor
 * committed with the last landed page.
 */
public final class ClusterStores implements SourceStores {
    static final String NODE_LOST = "interrupted: the node running this sync stopped (killed or cut off) before it "
            + "ended; the pages landed so far are kept and the next run resumes from the last committed page";

    /** Unpooled: a lock lives and dies with its own database session. */
    private final DataSource locks;
    private final Path dir;
    private final Map<String, Warehouse> leased = new ConcurrentHashMap<>();

    public ClusterStores(DataSource locks, Path dir) {
        this.locks = locks;
        this.dir = dir;
    }

    public Path file(String source) {
        return dir.resolve(source + ".duckdb");
    }

    @Override
    public Warehouse of(String source) {
        Warehouse store = leased.get(source);
        if (store == null) {
            throw new IllegalStateException("source '" + source + "': its store is not open on this node (no lease); "
                    + "cluster syncs run through ClusterSync");
        }
        return store;
    }

    /** The source's lease and its open store, or empty when another node (or run) holds it. */
    public Optional<Lease> tryLease(String source) {
        Optional<Lock> lock = Lock.tryTake(locks, ClusterTables.SOURCE_LOCKS, source);
        if (lock.isEmpty()) {
            return Optional.empty();
        }
        try {
            Files.createDirectories(dir);
            Warehouse store = Warehouse.open(file(source));
            markLostRunsInterrupted(store, source);
            leased.put(source, store);
            return Optional.of(new Lease(source, store, lock.get()));
        } catch (java.io.IOException | RuntimeException e) {
            lock.get().close();
            throw new IllegalStateException("source '" + source + "': cannot open its store " + file(source) + ": "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
        }
    }

    /** The source's lock alone, for reading its store from another database (the transform's import). */
    Optional<Lock> tryLock(String source) {
        return Lock.tryTake(locks, ClusterTables.SOURCE_LOCKS, source);
    }

    /** We hold the lease, so a run still marked running belongs to a process that is gone. */
    private static void markLostRunsInterrupted(Warehouse store, String source) {
        try (Connection c = store.connect()) {
            c.setAutoCommit(false);
            for (String table : new String[] {"meta.stream_run", "meta.sync_run"}) {
                try (PreparedStatement ps = c.prepareStatement("update " + table + " set status = 'interrupted', "
                        + "finished_at = now(), error = coalesce(error, ?) where status = 'running' and source = ?")) {
                    ps.setString(1, NODE_LOST);
                    ps.setString(2, source);
                    ps.executeUpdate();
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot mark the lost runs of '" + source + "': " + e.getMessage(), e);
        }
    }

    /** A held source: its store is open on this node until {@link #close}. */
    public final class Lease implements AutoCloseable {
        private final String source;
        private final Warehouse store;
        private final Lock lock;

        private Lease(String source, Warehouse store, Lock lock) {
            this.source = source;
            this.store = store;
            this.lock = lock;
        }

        public Warehouse store() {
            return store;
        }

        @Override
        public void close() {
            leased.remove(source, store);
            try {
                store.close();
            } finally {
                lock.close();
            }
        }
    }

    /** A PostgreSQL session advisory lock on a connection of its own, held until closed. */
    static final class Lock implements AutoCloseable {
        private final Connection connection;
        private final int space;
        private final String key;

        private Lock(Connection connection, int space, String key) {
            this.connection = connection;
            this.space = space;
            this.key = key;
        }

        static Optional<Lock> tryTake(DataSource database, int space, String key) {
            Connection c = null;
            try {
                c = database.getConnection();
                c.setAutoCommit(true);
                try (PreparedStatement ps = c.prepareStatement("select pg_try_advisory_lock(?, hashtext(?))")) {
                    ps.setInt(1, space);
                    ps.setString(2, key);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getBoolean(1)) {
                            return Optional.of(new Lock(c, space, key));
                        }
                    }
                }
                c.close();
                return Optional.empty();
            } catch (SQLException e) {
                closeQuietly(c);
                throw new IllegalStateException("the cluster database did not answer while locking '" + key + "': "
                        + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
            }
        }

        @Override
        public void close() {
            try (PreparedStatement ps = connection.prepareStatement("select pg_advisory_unlock(?, hashtext(?))")) {
                ps.setInt(1, space);
                ps.setString(2, key);
                ps.execute();
            } catch (SQLException e) {
                // the session ends below, which releases the lock too
            } finally {
                closeQuietly(connection);
            }
        }

        private static void closeQuietly(Connection c) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // nothing held on it any more
                }
            }
        }
    }
}
