package io.crmw.warehouse;

import io.crmw.warehouse.raw.RawLanding;
import io.crmw.warehouse.runs.RunHistory;
import io.crmw.warehouse.state.SyncStateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.duckdb.DuckDBConnection;

/**
 * The DuckDB warehouse file. DuckDB allows one read-write opener per file and process, so every
 * {@code Warehouse} for the same file shares one root connection (reference counted) and hands out
 * {@link #connect() duplicates} of it; the root closes with the last handle.
 */
public final class Warehouse implements AutoCloseable {

    private static final Map<Path, Shared> OPEN = new HashMap<>();

    private final Shared shared;
    private volatile boolean closed;

    private Warehouse(Shared shared) {
        this.shared = shared;
    }

    /**
     * Opens (creating if needed) the warehouse file and applies pending migrations. A file held by another process,
     * a damaged file and a file written by a newer crmw each fail with one {@link WarehouseUnusableException} line.
     */
    public static Warehouse open(Path file) {
        return open(file, Migrations.INDEX);
    }

    /** As {@link #open(Path)}, with the migrations listed in {@code migrationsIndex} (a classpath resource). */
    static Warehouse open(Path file, String migrationsIndex) {
        Path key = file.toAbsolutePath().normalize();
        synchronized (OPEN) {
            Shared shared = OPEN.get(key);
            if (shared == null) {
                shared = new Shared(key, migrationsIndex);
                OPEN.put(key, shared);
            }
            shared.handles++;
            return new Warehouse(shared);
        }
    }

    /** A new connection (a duplicate of the root) with {@code TimeZone='UTC'}; the caller closes it. */
    public Connection connect() {
        if (closed) {
            throw new IllegalStateException("warehouse " + shared.file + " is closed");
        }
        return shared.connect();
    }

    public Path file() {
        return shared.file;
    }

    public RawLanding landing() {
        return shared.landing;
    }

    public SyncStateStore syncState() {
        return shared.syncState;
    }

    public RunHistory runs() {
        return shared.runs;
    }

    /** The file's size before and after {@link #compact}; equal when it was not worth rewriting. */
    public record Compaction(long bytesBefore, long bytesAfter) {}

    /**
     * Gives the blocks freed by raw retention back to the file system: when at least {@code minFreeShare} of the
     * file's blocks are free, copies the database into a new file next to it and renames that over it. DuckDB
     * reuses free blocks but does not truncate the file, and a live file cannot be swapped, so this runs only while
     * no {@code Warehouse} of this process holds the file; another process holding it fails the open (one line).
     */
    public static Compaction compact(Path file, double minFreeShare) {
        Path key = file.toAbsolutePath().normalize();
        synchronized (OPEN) {
            if (OPEN.containsKey(key)) {
                throw new IllegalStateException("warehouse " + key + " is open in this process; close it before compacting");
            }
            long before = sizeOf(key);
            if (before <= 0) {
                return new Compaction(before, before);
            }
            Path temp = key.resolveSibling("." + key.getFileName() + ".compact.tmp");
            try {
                Files.deleteIfExists(temp);
                try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + key); Statement st = c.createStatement()) {
                    st.execute("checkpoint");
                    String name;
                    long free;
                    long total;
                    try (java.sql.ResultSet rs = st.executeQuery("select current_database(), free_blocks, total_blocks"
                            + " from pragma_database_size() where database_name = current_database()")) {
                        rs.next();
                        name = rs.getString(1);
                        free = rs.getLong(2);
                        total = rs.getLong(3);
                    }
                    if (total == 0 || (double) free / total < minFreeShare) {
                        return new Compaction(before, before);
                    }
                    st.execute("attach " + Sql.literal(temp.toString()) + " as crmw_compact");
                    try {
                        st.execute("copy from database " + Sql.ident(name) + " to crmw_compact");
                    } finally {
                        st.execute("detach crmw_compact");
                    }
                }
                Files.move(temp, key, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                return new Compaction(before, sizeOf(key));
            } catch (SQLException e) {
                throw WarehouseFileProblem.of(key, e).isPresent() ? WarehouseFileProblem.of(key, e).get()
                        : new WarehouseException("cannot compact warehouse " + key + ": " + e.getMessage(), e);
            } catch (IOException e) {
                throw new WarehouseException("cannot compact warehouse " + key + ": " + e.getMessage()
                        + " (check that its folder is writable and the disk has room for a copy)", e);
            } finally {
                try {
                    Files.deleteIfExists(temp);
                    Files.deleteIfExists(temp.resolveSibling(temp.getFileName() + ".wal"));
                } catch (IOException ignored) {
                    // a stray temp file is harmless and replaced next time
                }
            }
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        synchronized (OPEN) {
            if (closed) {
                return;
            }
            closed = true;
            if (--shared.handles == 0) {
                OPEN.remove(shared.file);
                shared.closeRoot();
            }
        }
    }

    /** One per open file: the root connection and the components that keep per-file caches. */
    private static final class Shared {
        final Path file;
        final DuckDBConnection root;
        final RawLanding landing;
        final SyncStateStore syncState;
        final RunHistory runs;
        int handles;

        Shared(Path file, String migrationsIndex) {
            this.file = file;
            try {
                if (file.getParent() != null) {
                    Files.createDirectories(file.getParent());
                }
                this.root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file);
                try {
                    WarehouseFileProblem.checkComplete(file, root);
                    try (Statement st = root.createStatement()) {
                        st.execute("set TimeZone='UTC'");
                        applyResourceLimits(st);
                    }
                    Migrations.apply(this::connect, migrationsIndex, file);
                } catch (SQLException | RuntimeException e) {
                    root.close();
                    throw e;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the folder of warehouse " + file, e);
            } catch (SQLException e) {
                WarehouseException problem = WarehouseFileProblem.of(file, e).isPresent()
                        ? WarehouseFileProblem.of(file, e).get()
                        : new WarehouseException("cannot open warehouse " + file + ": "
                                + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
                throw problem;
            }
            this.landing = new RawLanding(this::connect);
            this.syncState = new SyncStateStore(this::connect);
            this.runs = new RunHistory(this::connect);
        }

        /**
         * DuckDB's defaults are 80% of the machine's RAM and one thread per core, per open file. A machine shared
         * with other work can cap them: system property {@code crmw.duckdb.memory_limit} (or environment variable
         * {@code CRMW_DUCKDB_MEMORY_LIMIT}), e.g. {@code 4GB}, and {@code crmw.duckdb.threads} /
         * {@code CRMW_DUCKDB_THREADS}. Unset, DuckDB's defaults apply. Over the limit DuckDB spills to
         * {@code <file>.tmp} where it can (joins, aggregates, sorts) instead of failing.
         */
        private static void applyResourceLimits(Statement st) throws SQLException {
            String memory = setting("crmw.duckdb.memory_limit", "CRMW_DUCKDB_MEMORY_LIMIT");
            if (memory != null) {
                st.execute("set memory_limit = " + Sql.literal(memory));
            }
            String threads = setting("crmw.duckdb.threads", "CRMW_DUCKDB_THREADS");
            if (threads != null) {
                st.execute("set threads = " + Integer.parseInt(threads.strip()));
            }
        }

        private static String setting(String property, String env) {
            String v = System.getProperty(property);
            if (v == null || v.isBlank()) {
                v = System.getenv(env);
            }
            return v == null || v.isBlank() ? null : v.strip();
        }

        Connection connect() {
            try {
                DuckDBConnection c = root.duplicate();
                try (Statement st = c.createStatement()) {
                    st.execute("set TimeZone='UTC'");
                }
                return c;
            } catch (SQLException e) {
                throw new WarehouseException("cannot connect to warehouse " + file + ": " + e.getMessage(), e);
            }
        }

        void closeRoot() {
            try {
                root.close();
            } catch (SQLException e) {
                throw new WarehouseException("cannot close warehouse " + file + ": " + e.getMessage(), e);
            }
        }
    }
}
