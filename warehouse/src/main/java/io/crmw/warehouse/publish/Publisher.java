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
 *
 * <p>Copying every row again after each build is most of a build's time at scale (26-30 s for a million deals and
 * five million activities, where the build that changed 1 % of the deals took 18 s). So when a previous copy exists
 * and its structure (schemas, tables, columns, views, macros) is what this publish would write, the new copy starts
 * as a file copy of the previous one and only the tables whose rows differ are written again. Rows differ when the
 * count or the sum of the rows' hashes differs, both sides read in the same transaction; a table whose rows are the
 * same multiset is kept as it is. Anything else (no previous copy, another structure, a copy DuckDB cannot open)
 * takes the full path.
 */
public final class Publisher {

    private static final Object LOCK = new Object();

    private Publisher() {}

    /** Schemas whose rows are published; {@code raw} joins them when asked. */
    static final List<String> PUBLISHED_SCHEMAS = List.of("core", "reports", "meta");
    /** Tables of a published schema that stay in the working file. */
    static final Set<String> UNPUBLISHED_TABLES = Set.of("meta.id_pass");

    /**
     * What a publish wrote: {@code reused} when it started from the previous copy, the published tables whose rows
     * it wrote and the ones it kept.
     */
    public record Published(boolean reused, List<String> written, List<String> kept) {}

    /** Publishes {@code core}, {@code reports} and the run history, without raw. */
    public static Published publish(Warehouse wh, Path target) {
        return publish(wh, target, false);
    }

    public static Published publish(Warehouse wh, Path target, boolean includeRaw) {
        Path dest = target.toAbsolutePath().normalize();
        String alias = "publish_" + UUID.randomUUID().toString().replace("-", "");
        Path temp = dest.resolveSibling("." + dest.getFileName() + "." + alias + ".tmp");
        synchronized (LOCK) {
            try {
                Files.createDirectories(dest.getParent());
                Published published;
                try (Connection c = wh.connect(); Statement st = c.createStatement()) {
                    String source;
                    try (ResultSet rs = st.executeQuery("select current_database()")) {
                        rs.next();
                        source = rs.getString(1);
                    }
                    boolean reuse = startFromPrevious(c, dest, temp, source, alias, includeRaw);
                    if (!reuse) {
                        st.execute("attach " + Sql.literal(temp.toString()) + " as " + Sql.ident(alias));
                    }
                    try {
                        c.setAutoCommit(false);
                        if (reuse) {
                            published = copyChangedRows(st, source, alias, includeRaw);
                        } else {
                            st.execute("copy from database " + Sql.ident(source) + " to " + Sql.ident(alias) + " (schema)");
                            published = new Published(false, copyRows(st, source, alias, includeRaw), List.of());
                        }
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
                return published;
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

    /**
     * Copies the previous copy to {@code temp} and attaches it as {@code alias} when its structure is what this
     * publish writes; false (nothing attached, no temp file) otherwise.
     */
    private static boolean startFromPrevious(Connection c, Path dest, Path temp, String source, String alias,
                                             boolean includeRaw) throws SQLException {
        if (!Files.isRegularFile(dest) || Files.exists(dest.resolveSibling(dest.getFileName() + ".wal"))) {
            return false;
        }
        try {
            Files.copy(dest, temp, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            return false;
        }
        boolean attached = false;
        // statements of their own: a failed statement is closed by the driver
        try (Statement st = c.createStatement()) {
            st.execute("attach " + Sql.literal(temp.toString()) + " as " + Sql.ident(alias));
            attached = true;
            if (structure(st, alias, includeRaw).equals(structure(st, source, includeRaw))) {
                return true;
            }
        } catch (SQLException e) {
            // not a copy DuckDB can open: written in full
        }
        if (attached) {
            try (Statement st = c.createStatement()) {
                st.execute("detach " + Sql.ident(alias));
            }
        }
        try {
            Files.deleteIfExists(temp);
            Files.deleteIfExists(temp.resolveSibling(temp.getFileName() + ".wal"));
        } catch (IOException e) {
            throw new SQLException("cannot remove " + temp + ": " + e.getMessage(), e);
        }
        return false;
    }

    /** Schemas, published tables and their columns, views and macros of a database, one line each, in order. */
    private static List<String> structure(Statement st, String database, boolean includeRaw) throws SQLException {
        String db = Sql.literal(database);
        String schemas = schemas(includeRaw).stream().map(Sql::literal).reduce((a, b) -> a + ", " + b).orElseThrow();
        String unpublished = UNPUBLISHED_TABLES.stream().map(Sql::literal).reduce((a, b) -> a + ", " + b).orElseThrow();
        List<String> lines = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(
                "select 'schema ' || schema_name from duckdb_schemas() where database_name = " + db
                        + " and not internal and schema_name in (" + schemas + ")\n"
                        + "union all select 'column ' || schema_name || '.' || table_name || '.' || column_name || ' '"
                        + " || data_type || ' ' || column_index || ' ' || is_nullable || ' ' || coalesce(column_default, '')"
                        + " from duckdb_columns() where database_name = " + db + " and schema_name in (" + schemas + ")"
                        + " and schema_name || '.' || table_name not in (" + unpublished + ")\n"
                        + "union all select 'view ' || schema_name || '.' || view_name || ' ' || coalesce(sql, '')"
                        + " from duckdb_views() where database_name = " + db + " and not internal"
                        + " and schema_name in ('main', " + schemas + ")\n"
                        + "union all select 'macro ' || schema_name || '.' || function_name || ' '"
                        + " || coalesce(macro_definition, '') || ' ' || coalesce(cast(parameters as varchar), '')"
                        + " from duckdb_functions() where database_name = " + db + " and not internal"
                        + " and function_type in ('macro', 'table_macro') and schema_name in ('main', " + schemas + ")\n"
                        + "order by 1")) {
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
        }
        return lines;
    }

    /** In a copy of the previous copy: writes again the rows of every published table whose rows changed. */
    private static Published copyChangedRows(Statement st, String source, String alias, boolean includeRaw)
            throws SQLException {
        List<String> written = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (String[] t : publishedTables(st, source, includeRaw)) {
            String name = Sql.ident(t[0]) + "." + Sql.ident(t[1]);
            if (fingerprint(st, Sql.ident(source) + "." + name).equals(fingerprint(st, Sql.ident(alias) + "." + name))) {
                kept.add(t[0] + "." + t[1]);
            } else {
                st.execute("delete from " + Sql.ident(alias) + "." + name);
                st.execute("insert into " + Sql.ident(alias) + "." + name + " select * from " + Sql.ident(source) + "." + name);
                written.add(t[0] + "." + t[1]);
            }
        }
        return new Published(true, written, kept);
    }

    /** The row count and the sum of the rows' hashes: equal for the same multiset of rows. */
    private static String fingerprint(Statement st, String table) throws SQLException {
        try (ResultSet rs = st.executeQuery("select count(*) || ':' || coalesce(sum(hash(t)::hugeint), 0) from "
                + table + " as t")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The {@code {schema, table}} of a database's published tables. */
    private static List<String[]> publishedTables(Statement st, String database, boolean includeRaw) throws SQLException {
        List<String> schemas = schemas(includeRaw);
        List<String[]> tables = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("select schema_name, table_name from duckdb_tables()"
                + " where database_name = " + Sql.literal(database) + " and not internal order by all")) {
            while (rs.next()) {
                if (isPublished(schemas, rs.getString(1), rs.getString(2))) {
                    tables.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        return tables;
    }

    private static boolean isPublished(List<String> schemas, String schema, String table) {
        return schemas.contains(schema) && !UNPUBLISHED_TABLES.contains(schema + "." + table);
    }

    private static List<String> schemas(boolean includeRaw) {
        List<String> schemas = new ArrayList<>(PUBLISHED_SCHEMAS);
        if (includeRaw) {
            schemas.add("raw");
        }
        return schemas;
    }

    /** Drops from the copy what is not published, then fills the kept tables; the tables filled. */
    private static List<String> copyRows(Statement st, String source, String alias, boolean includeRaw) throws SQLException {
        List<String> schemas = schemas(includeRaw);
        List<String[]> tables = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("select schema_name, table_name from duckdb_tables()"
                + " where database_name = " + Sql.literal(alias) + " and not internal order by all")) {
            while (rs.next()) {
                String schema = rs.getString(1);
                String table = rs.getString(2);
                if (isPublished(schemas, schema, table)) {
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
        List<String> filled = new ArrayList<>();
        for (String[] t : tables) {
            String name = Sql.ident(t[0]) + "." + Sql.ident(t[1]);
            st.execute("insert into " + Sql.ident(alias) + "." + name + " select * from " + Sql.ident(source) + "." + name);
            filled.add(t[0] + "." + t[1]);
        }
        return filled;
    }
}
