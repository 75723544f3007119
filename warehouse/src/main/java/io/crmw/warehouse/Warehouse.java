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

    /** Opens (creating if needed) the warehouse file and applies pending migrations. */
    public static Warehouse open(Path file) {
        Path key = file.toAbsolutePath().normalize();
        synchronized (OPEN) {
            Shared shared = OPEN.get(key);
            if (shared == null) {
                shared = new Shared(key);
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

        Shared(Path file) {
            this.file = file;
            try {
                if (file.getParent() != null) {
                    Files.createDirectories(file.getParent());
                }
                this.root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file);
                try (Statement st = root.createStatement()) {
                    st.execute("set TimeZone='UTC'");
                    applyResourceLimits(st);
                }
                try {
                    Migrations.apply(this::connect);
                } catch (SQLException | RuntimeException e) {
                    root.close();
                    throw e;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the folder of warehouse " + file, e);
            } catch (SQLException e) {
                throw new WarehouseException("cannot open warehouse " + file + ": " + e.getMessage()
                        + " (is another process using it? read the published copy instead)", e);
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
