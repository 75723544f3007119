package io.crmw.warehouse.publish;

import io.crmw.warehouse.Sql;
import io.crmw.warehouse.Warehouse;
import io.crmw.warehouse.WarehouseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Publishes a consistent read-only copy of the warehouse for analysts, BI tools and the dashboard: the
 * copy is written to a temp file next to the target (one transaction, so one snapshot), then renamed over
 * the target atomically, so readers see either the old copy or the new one.
 *
 * <p>The copy holds what analysts query: {@code core}, {@code reports}, their views and macros, and the run
 * history in {@code meta} that {@code crmw status} shows (runs, stream runs, sync state, schema version;
 * cursors and error texts are redacted where they are written). It leaves out {@code raw} (every vendor payload,
 * personal data and custom fields included) unless {@code crmw.publish-raw} is set, and {@code meta.id_pass}
 * (a working list of vendor ids); the model runner's bookkeeping ({@code meta.model_build}, {@code meta.model_source}:
 * models, hashes, build times) is kept, so a copy opened as a warehouse builds like the original. Any other schema is left out too. The structure is copied first
 * ({@code copy from database … (schema)}), then only the kept tables' rows, so left-out rows never reach the file.
 */
public final class Publisher {

    private static final Object LOCK = new Object();

    private Publisher() {}

    /** Schemas whose rows are published; {@code raw} joins them when asked. */
    static final List<String> PUBLISHED_SCHEMAS = List.of("core", "reports", "meta");
    /** Tables of a published schema that stay in the working file. */
    static final Set<String> UNPUBLISHED_TABLES = Set.of("meta.id_pass");

    /** Publishes {@code core}, {@code reports} and the run history, without raw. */
    public static void publish(Warehouse wh, Path target) {
        publish(wh, target, false);
    }

    public static void publish(Warehouse wh, Path target, boolean includeRaw) {
        Path dest = target.toAbsolutePath().normalize();
        String alias = "publish_" + UUID.randomUUID().toString().replace("-", "");
        Path temp = dest.resolveSibling("." + dest.getFileName() + "." + alias + ".tmp");
        synchronized (LOCK) {
            try {
                Files.createDirectories(dest.getParent());
                try (Connection c = wh.connect(); Statement st = c.createStatement()) {
                    String source;
                    try (ResultSet rs = st.executeQuery("select current_database()")) {
                        rs.next();
                        source = rs.getString(1);
                    }
                    st.execute("attach " + Sql.literal(temp.toString()) + " as " + Sql.ident(alias));
                    try {
                        c.setAutoCommit(false);
                        st.execute("copy from database " + Sql.ident(source) + " to " + Sql.ident(alias) + " (schema)");
                        copyRows(st, source, alias, includeRaw);
                        c.commit();
                        c.setAutoCommit(true);
                    } catch (SQLException e) {
                        c.rollback();
                        c.setAutoCommit(true);
                        throw e;
                    } finally {
                        st.execute("detach " + Sql.ident(alias));
                    }
                }
                Files.move(temp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (SQLException | IOException e) {
                throw new WarehouseException("cannot publish " + wh.file() + " to " + dest + ": " + e.getMessage()
                        + " (check that the folder is writable)", e);
            } finally {
                try {
                    Files.deleteIfExists(temp);
                    Files.deleteIfExists(temp.resolveSibling(temp.getFileName() + ".wal"));
                } catch (IOException ignored) {
                    // best effort: a stray temp file is harmless and replaced next time
                }
            }
        }
    }

    /** Drops from the copy what is not published, then fills the kept tables. */
    private static void copyRows(Statement st, String source, String alias, boolean includeRaw) throws SQLException {
        List<String> schemas = new ArrayList<>(PUBLISHED_SCHEMAS);
        if (includeRaw) {
            schemas.add("raw");
        }
        List<String[]> tables = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("select schema_name, table_name from duckdb_tables()"
                + " where database_name = " + Sql.literal(alias) + " and not internal order by all")) {
            while (rs.next()) {
                String schema = rs.getString(1);
                String table = rs.getString(2);
                if (schemas.contains(schema) && !UNPUBLISHED_TABLES.contains(schema + "." + table)) {
                    tables.add(new String[] {schema, table});
                } else {
                    dropped.add(Sql.ident(alias) + "." + Sql.ident(schema) + "." + Sql.ident(table));
                }
            }
        }
        for (String table : dropped) {
            st.execute("drop table " + table + " cascade");
        }
        List<String> droppedSchemas = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("select schema_name from duckdb_schemas() where database_name = "
                + Sql.literal(alias) + " and not internal and schema_name <> 'main'")) {
            while (rs.next()) {
                if (!schemas.contains(rs.getString(1))) {
                    droppedSchemas.add(rs.getString(1));
                }
            }
        }
        for (String schema : droppedSchemas) {
            st.execute("drop schema " + Sql.ident(alias) + "." + Sql.ident(schema) + " cascade");
        }
        for (String[] t : tables) {
            String name = Sql.ident(t[0]) + "." + Sql.ident(t[1]);
            st.execute("insert into " + Sql.ident(alias) + "." + name + " select * from " + Sql.ident(source) + "." + name);
        }
    }
}
