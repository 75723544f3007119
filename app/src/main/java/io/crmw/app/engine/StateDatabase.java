package io.crmw.app.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The embedded H2 file that holds Spring Batch's job repository and Quartz's job store, so restarts,
 * misfires and run history survive a reboot; also the OAuth refresh tokens vendors rotated ({@link StateDbRefreshTokens}).
 * Tables are created once, when missing (the vendors' scripts have no "if not exists", so they cannot simply run at
 * every start). Failures are one line: the file is in use, or where it lives cannot be written.
 */
final class StateDatabase {
    private static final String BATCH_SCRIPT = "org/springframework/batch/core/schema-h2.sql";
    private static final String QUARTZ_SCRIPT = "org/quartz/impl/jdbcjobstore/tables_h2.sql";

    /** H2's "Database may be already in use" (another process holds the file lock). */
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;

    private StateDatabase() {}

    private static final String PG_BATCH_SCRIPT = "org/springframework/batch/core/schema-postgresql.sql";
    private static final String PG_QUARTZ_SCRIPT = "org/quartz/impl/jdbcjobstore/tables_postgres.sql";

    /**
     * Cluster mode: creates the tables in the shared PostgreSQL database when missing, under a transaction-scoped
     * advisory lock so that two nodes starting together do not both create them. Also the cluster's own tables
     * ({@link io.crmw.app.cluster.ClusterTables}).
     */
    static void preparePostgres(io.crmw.app.config.CrmwConfig.Cluster cluster) {
        try (Connection c = DriverManager.getConnection(cluster.databaseUrl(), cluster.username(),
                cluster.password().reveal())) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("select pg_advisory_xact_lock(" + io.crmw.app.cluster.ClusterTables.SCHEMA_LOCK + ")");
                createIfMissing(c, "BATCH_JOB_INSTANCE", PG_BATCH_SCRIPT);
                createIfMissing(c, "QRTZ_JOB_DETAILS", PG_QUARTZ_SCRIPT);
                st.execute(StateDbRefreshTokens.TABLE);
                for (String ddl : io.crmw.app.cluster.ClusterTables.DDL) {
                    st.execute(ddl);
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the cluster database " + cluster.databaseUrl() + " as user '"
                    + cluster.username() + "': " + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
                    + "; check crmw.cluster (database-url, username, password) and that PostgreSQL is reachable");
        }
    }

    static String prepare(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw StorageProblem.unusable("the state database", dir, e);
        }
        String url = "jdbc:h2:file:" + file.toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            createIfMissing(c, "BATCH_JOB_INSTANCE", BATCH_SCRIPT);
            createIfMissing(c, "QRTZ_JOB_DETAILS", QUARTZ_SCRIPT);
            try (Statement st = c.createStatement()) {
                st.execute(StateDbRefreshTokens.TABLE);
            }
        } catch (SQLException e) {
            String message = String.valueOf(e.getMessage());
            // no cause attached: the CLI prints the deepest cause's message, which would be H2's instead of this line
            if (e.getErrorCode() == H2_DATABASE_ALREADY_OPEN || message.contains("already in use")
                    || message.contains("locked") || message.contains("Locked")) {
                throw new IllegalStateException("the state database " + file + " is in use by another crmw process "
                        + "(is `crmw serve` running?); stop it or use another warehouse path");
            }
            throw StorageProblem.describe("the state database", file, e).<RuntimeException>map(IllegalStateException::new)
                    .orElseGet(() -> new IllegalStateException("cannot open the state database " + file + ": "
                            + message.lines().findFirst().orElse(message)));
        }
        return url;
    }

    private static void createIfMissing(Connection c, String table, String script) throws SQLException {
        try (var ps = c.prepareStatement("select count(*) from information_schema.tables where lower(table_name) = lower(?)")) {
            ps.setString(1, table);
            try (var rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    return;
                }
            }
        }
        try (Statement st = c.createStatement()) {
            for (String sql : statements(script)) {
                st.execute(sql);
            }
        }
    }

    private static String[] statements(String resource) {
        try (InputStream in = StateDatabase.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource + " on the class path");
            }
            StringBuilder sql = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String t = line.strip();
                if (!t.startsWith("--") && !t.startsWith("#")) {
                    sql.append(line).append('\n');
                }
            }
            return java.util.Arrays.stream(sql.toString().split(";"))
                    .map(String::strip)
                    .filter(s -> !s.isEmpty() && !s.equalsIgnoreCase("commit"))
                    .toArray(String[]::new);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }
}
