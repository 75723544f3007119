package io.crmw.warehouse.raw;

import io.crmw.warehouse.ConnectionSource;
import io.crmw.warehouse.Sql;
import io.crmw.warehouse.WarehouseException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Raw retention: in every {@code raw.*} table, deletes the versions of an id that are older than the kept
 * history, then checkpoints so that the freed blocks are reused by the next writes (the file itself shrinks only
 * when it is {@link io.crmw.warehouse.Warehouse#compact compacted}, which needs it closed).
 *
 * <p>A row is kept when any of these holds:
 * <ul>
 *   <li>it is its id's latest version (tombstones included): what core and the key-set reconciliation read;</li>
 *   <li>it is its id's latest live version: finishing SQL reads it for tombstoned ids (a thin tombstone carries no
 *       fields, e.g. a Salesforce stage's API name);</li>
 *   <li>it was extracted within the kept history ({@code keepDays});</li>
 *   <li>its {@code _seq} is above the stream's normalization watermark: a pending (or reset) normalization reads
 *       it, so retention never races the reader. A stream never normalized keeps every row.</li>
 * </ul>
 * Each table is one transaction; the watermark is read inside it, so a watermark moving up meanwhile only makes
 * retention keep more.
 */
public final class RawRetention {

    private final ConnectionSource connections;

    public RawRetention(ConnectionSource connections) {
        this.connections = connections;
    }

    /** What retention did to one raw table. */
    public record TableRetention(String table, long rowsBefore, long rowsDeleted) {
        public long rowsAfter() {
            return rowsBefore - rowsDeleted;
        }
    }

    /** What retention did to every raw table, and the file's free blocks after the checkpoint. */
    public record Result(List<TableRetention> tables, long freeBlocks, long totalBlocks) {
        public long rowsDeleted() {
            return tables.stream().mapToLong(TableRetention::rowsDeleted).sum();
        }
    }

    /** Applies retention keeping {@code keepDays} of history before {@code now}. */
    public Result apply(int keepDays, Instant now) {
        if (keepDays < 0) {
            throw new IllegalArgumentException("raw retention days must be 0 or more, not " + keepDays);
        }
        Instant cutoff = now.minusSeconds(keepDays * 86_400L);
        List<TableRetention> out = new ArrayList<>();
        try (Connection c = connections.connect()) {
            for (String table : rawTables(c)) {
                out.add(applyTo(c, table, cutoff));
            }
            checkpoint(c);
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select free_blocks, total_blocks from pragma_database_size()"
                         + " where database_name = current_database()")) {
                return rs.next() ? new Result(out, rs.getLong(1), rs.getLong(2)) : new Result(out, 0, 0);
            }
        } catch (SQLException e) {
            throw new WarehouseException("raw retention failed: " + e.getMessage(), e);
        }
    }

    private static List<String> rawTables(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "select table_name from information_schema.tables where table_schema = 'raw'"
                        + " and table_catalog = current_database() and table_type = 'BASE TABLE' order by table_name")) {
            while (rs.next()) {
                tables.add("raw." + Sql.ident(rs.getString(1)));
            }
        }
        return tables;
    }

    private static TableRetention applyTo(Connection c, String table, Instant cutoff) throws SQLException {
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            long before;
            try (ResultSet rs = st.executeQuery("select count(*) from " + table)) {
                rs.next();
                before = rs.getLong(1);
            }
            long deleted;
            try (PreparedStatement ps = c.prepareStatement("delete from " + table + " t\n"
                    + "where t._extracted_at < ?::timestamptz\n"
                    // normalized, and seen by the stream's finishing SQL when it keeps a watermark ('<stream>#finished')
                    + "  and t._seq <= coalesce((select min(n.last_seq) from meta.normalize_state n\n"
                    + "                          where n.source = t._source and split_part(n.stream, '#', 1) = t._stream), 0)\n"
                    + "  and t._seq not in (select max(_seq) from " + table + " group by _id)\n"
                    + "  and t._seq not in (select max(_seq) from " + table + " where not _deleted group by _id)")) {
                ps.setString(1, cutoff.toString());
                deleted = ps.executeUpdate();
            }
            c.commit();
            return new TableRetention(table, before, deleted);
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** Frees the deleted rows' blocks now; when another transaction is running the next automatic checkpoint does. */
    private static void checkpoint(Connection c) {
        try (Statement st = c.createStatement()) {
            st.execute("checkpoint");
        } catch (SQLException busy) {
            // not forced: forcing would abort the other transactions (a landing page, a normalize chunk)
        }
    }
}
