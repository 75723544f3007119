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
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Lands vendor records into append-only {@code raw."<source>__<stream>"} tables, a batch of pages together with
 * the stream's cursor after its last page in one DuckDB transaction (exactly-once landing), and reconciles
 * full-refresh streams by key set.
 *
 * <p>{@code _seq} is assigned here, strictly increasing per table: DuckDB sequences are not
 * transactional, and a per-table counter under a per-table lock is cheaper than a lookup per page.
 * A failed transaction drops the cached counter, so it is re-read from {@code max(_seq)}.
 */
public final class RawLanding {

    private final ConnectionSource connections;
    private final Set<String> createdTables = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, TableSeq> seqs = new ConcurrentHashMap<>();
    private final Object ddlLock = new Object();
    private volatile boolean idTableCreated;

    /** Test hook: runs between the appends and the cursor write, inside the transaction. */
    volatile Runnable afterAppendHook = () -> {};

    public RawLanding(ConnectionSource connections) {
        this.connections = connections;
    }

    /** The qualified, quoted raw table name: {@code raw."<source>__<stream>"} with '-' made '_'. */
    public static String rawTable(String source, String stream) {
        return "raw." + Sql.ident(tableName(source, stream));
    }

    static String tableName(String source, String stream) {
        return (source + "__" + stream).replace('-', '_');
    }

    /**
     * Appends one page of records and moves the stream's cursor to {@code cursorAfter}, atomically.
     * When {@code passComplete}, also records the pass as successful.
     */
    public LandResult landPage(String source, String stream, String runId, List<RawRecord> records,
                               String cursorAfter, boolean passComplete) {
        try (PageBatch batch = openBatch(source, stream, runId, BatchBounds.ONE_PAGE)) {
            return batch.add(records, cursorAfter, passComplete);
        }
    }

    /**
     * Opens a batch that lands several pages of one stream per transaction, the cursor after the batch's last page
     * committed with it. One thread uses a batch at a time; close it (or {@link PageBatch#commit}) at pass end.
     */
    public PageBatch openBatch(String source, String stream, String runId, BatchBounds bounds) {
        return new PageBatch(source, stream, runId, bounds);
    }

    /**
     * The open transaction of a {@link #openBatch batch}: pages are appended as they come and committed, with the
     * cursor after the last of them, once the batch holds {@link BatchBounds#maxRows} rows or
     * {@link BatchBounds#maxPayloadChars} characters of payload or is {@link BatchBounds#maxMillis} old, when a page completes the pass, or on {@link #commit()}. A crash before the
     * commit loses the whole batch and its cursor together, so the next run re-reads at most one batch.
     */
    public final class PageBatch implements AutoCloseable {
        private final String source;
        private final String stream;
        private final String runId;
        private final BatchBounds bounds;
        private final String table;
        private final TableSeq seq;
        private Connection conn;
        private DuckDBAppender appender;
        private long firstSeq;
        private long nextSeq;
        private long openedAtNanos;
        private long extractedAt;
        private int pages;
        private long payloadChars;
        private String cursorAfter;
        private boolean passComplete;

        private PageBatch(String source, String stream, String runId, BatchBounds bounds) {
            this.source = source;
            this.stream = stream;
            this.runId = runId;
            this.bounds = bounds;
            this.table = ensureTable(source, stream);
            this.seq = seqFor(table);
        }

        /**
         * Appends one page whose cursor after it is {@code cursorAfter}; commits when a bound is reached or
         * {@code passComplete}. A failure rolls the whole open batch back (rows and cursor) and rethrows.
         */
        public LandResult add(List<RawRecord> records, String cursorAfter, boolean passComplete) {
            int tombstones = 0;
            try {
                if (conn == null) {
                    begin();
                }
                if (!records.isEmpty()) {
                    if (appender == null) {
                        appender = ((DuckDBConnection) conn).createAppender("raw", tableName(source, stream));
                    }
                    for (RawRecord r : records) {
                        appender.beginRow();
                        appender.append(source);
                        appender.append(stream);
                        appender.append(r.id());
                        appender.append(r.cursor());
                        appender.append(r.deleted());
                        appender.appendEpochMicros(extractedAt);
                        appender.append(runId);
                        appender.append(nextSeq++);
                        appender.append(r.payload());
                        appender.endRow();
                        payloadChars += r.payload() == null ? 0 : r.payload().length();
                        if (r.deleted()) {
                            tombstones++;
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                throw rollback(e);
            }
            pages++;
            this.cursorAfter = cursorAfter;
            this.passComplete |= passComplete;
            if (passComplete || nextSeq - firstSeq >= bounds.maxRows() || payloadChars >= bounds.maxPayloadChars()
                    || System.nanoTime() - openedAtNanos >= bounds.maxMillis() * 1_000_000L) {
                commit();
            }
            return new LandResult(records.size(), tombstones);
        }

        /** Rows appended and not yet committed. */
        public long pendingRows() {
            return conn == null ? 0 : nextSeq - firstSeq;
        }

        /** Commits the pages appended so far with the cursor after the last of them; nothing to do when none are. */
        public void commit() {
            if (conn == null) {
                return;
            }
            long rows = nextSeq - firstSeq;
            try {
                if (appender != null) {
                    appender.close(); // flushes the buffered rows into the transaction
                    appender = null;
                }
                afterAppendHook.run();
                String cursor = cursorAfter;
                boolean complete = passComplete;
                upsertState(conn, source, stream,
                        "cursor = ?, records_landed = records_landed + ?, updated_at = now()"
                                + (complete ? ", last_success_at = now()" : ""),
                        ps -> {
                            ps.setString(1, cursor);
                            ps.setLong(2, rows);
                        },
                        "insert into meta.sync_state (source, stream, cursor, records_landed, updated_at, last_success_at)"
                                + " values (?, ?, ?, ?, now(), " + (complete ? "now()" : "null") + ")",
                        ps -> {
                            ps.setString(3, cursor);
                            ps.setLong(4, rows);
                        });
                conn.commit();
                seq.advance(nextSeq);
            } catch (SQLException | RuntimeException e) {
                throw rollback(e);
            }
            release();
        }

        /** Drops the pages appended since the last commit, rows and cursor together. */
        public void rollback() {
            if (conn != null) {
                rollback(null);
            }
        }

        /** Commits what is open (see {@link #commit()}). */
        @Override
        public void close() {
            commit();
        }

        private void begin() throws SQLException {
            seq.lock.lock();
            try {
                conn = connections.connect();
                firstSeq = seq.next(conn, table);
                nextSeq = firstSeq;
                extractedAt = Sql.epochMicros(Sql.nowMicros());
                openedAtNanos = System.nanoTime();
                pages = 0;
                payloadChars = 0;
                passComplete = false;
                conn.setAutoCommit(false);
                beginTransaction(conn);
            } catch (SQLException | RuntimeException e) {
                release();
                throw e;
            }
        }

        private RuntimeException rollback(Exception cause) {
            long rows = nextSeq - firstSeq;
            int pagesLost = pages;
            seq.invalidate();
            if (appender != null) {
                try {
                    appender.close();
                } catch (SQLException | RuntimeException e) {
                    if (cause != null) {
                        cause.addSuppressed(e);
                    }
                }
                appender = null;
            }
            if (conn != null) {
                try {
                    conn.rollback();
                } catch (SQLException e) {
                    if (cause != null) {
                        cause.addSuppressed(e);
                    }
                }
            }
            release();
            if (cause == null) {
                return null;
            }
            if (cause instanceof RuntimeException re) {
                return re;
            }
            return new WarehouseException("landing " + pagesLost + " page(s) of " + rows + " records into "
                    + rawTable(source, stream) + " failed: " + cause.getMessage(), cause);
        }

        private void release() {
            try {
                if (conn != null) {
                    conn.close();
                }
            } catch (SQLException ignored) {
                // the transaction is already committed or rolled back
            } finally {
                conn = null;
                if (seq.lock.isHeldByCurrentThread()) {
                    seq.lock.unlock();
                }
            }
        }
    }

    /** Starts a full pass: {@code pass_started_at := now}, {@code cursor := null}. */
    public void startPass(String source, String stream) {
        try (Connection c = connections.connect()) {
            upsertState(c, source, stream, "cursor = null, pass_started_at = now(), updated_at = now()", ps -> {},
                    "insert into meta.sync_state (source, stream, cursor, pass_started_at, records_landed, updated_at)"
                            + " values (?, ?, null, now(), 0, now())",
                    ps -> {});
        } catch (SQLException e) {
            throw new WarehouseException("cannot start a pass of " + source + "/" + stream + ": " + e.getMessage(), e);
        }
    }

    /**
     * Key-set reconciliation after a full pass: every id whose latest row is live and was last extracted
     * before {@code passStartedAt} was not seen by the pass, so it gets a tombstone row (its last payload,
     * {@code _deleted = true}). Returns how many tombstones were appended.
     */
    public long tombstoneUnseen(String source, String stream, String runId, Instant passStartedAt) {
        return tombstoneLive(source, stream, runId, "_extracted_at < ?::timestamptz", passStartedAt.toString());
    }

    /** How many live ids {@link #tombstoneUnseen} would tombstone. */
    public long countUnseen(String source, String stream, Instant passStartedAt) {
        return countLive(source, stream, "_extracted_at < ?::timestamptz", passStartedAt.toString());
    }

    /** Forgets the ids of an earlier, unfinished ids-only pass of the stream. */
    public void startIdPass(String source, String stream) {
        ensureIdTable();
        try (Connection c = connections.connect(); Statement st = c.createStatement()) {
            st.execute("delete from meta.id_pass where source = " + Sql.literal(source) + " and stream = "
                    + Sql.literal(stream));
        } catch (SQLException e) {
            throw new WarehouseException("cannot start an ids pass of " + source + "/" + stream + ": " + e.getMessage(), e);
        }
    }

    /** Notes ids the vendor listed as live in the running ids-only pass (Appender, one transaction per page). */
    public void landIds(String source, String stream, List<String> ids) {
        ensureIdTable();
        try (Connection c = connections.connect()) {
            try (DuckDBAppender app = ((DuckDBConnection) c).createAppender("meta", "id_pass")) {
                for (String id : ids) {
                    app.beginRow();
                    app.append(source);
                    app.append(stream);
                    app.append(id);
                    app.endRow();
                }
            }
        } catch (SQLException e) {
            throw new WarehouseException("cannot note listed ids of " + source + "/" + stream + ": " + e.getMessage(), e);
        }
    }

    /** Distinct ids listed by the running ids-only pass. */
    public long countListedIds(String source, String stream) {
        ensureIdTable();
        try (Connection c = connections.connect(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("select count(distinct id) from meta.id_pass where source = "
                    + Sql.literal(source) + " and stream = " + Sql.literal(stream))) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new WarehouseException("cannot count listed ids of " + source + "/" + stream + ": " + e.getMessage(), e);
        }
    }

    private static final String NOT_LISTED = "_id not in (select id from meta.id_pass where source = ? and stream = ?)";

    /** How many live ids a completed ids-only pass did not list. */
    public long countNotListed(String source, String stream) {
        return countLive(source, stream, NOT_LISTED, source, stream);
    }

    /**
     * After a complete ids-only pass: tombstones every live id the vendor did not list, forgets the listed ids and
     * records the pass as a reconciliation ({@code pass_started_at := now}). Returns the tombstones appended.
     */
    public long tombstoneNotListed(String source, String stream, String runId) {
        long n = tombstoneLive(source, stream, runId, NOT_LISTED, source, stream);
        startIdPass(source, stream);
        try (Connection c = connections.connect()) {
            upsertState(c, source, stream, "pass_started_at = now(), updated_at = now()", ps -> {},
                    "insert into meta.sync_state (source, stream, cursor, pass_started_at, records_landed, updated_at)"
                            + " values (?, ?, null, now(), 0, now())", ps -> {});
        } catch (SQLException e) {
            throw new WarehouseException("cannot record the ids pass of " + source + "/" + stream + ": " + e.getMessage(), e);
        }
        return n;
    }

    /** Created once, under the DDL lock like the raw tables: parallel streams creating it together conflict. */
    private void ensureIdTable() {
        if (idTableCreated) {
            return;
        }
        synchronized (ddlLock) {
            if (idTableCreated) {
                return;
            }
            try (Connection c = connections.connect(); Statement st = c.createStatement()) {
                st.execute("create table if not exists meta.id_pass (source varchar not null, stream varchar not null, "
                        + "id varchar not null)");
            } catch (SQLException e) {
                throw new WarehouseException("cannot create meta.id_pass: " + e.getMessage(), e);
            }
            idTableCreated = true;
        }
    }

    private static final String LATEST = "with latest as (\n"
            + "  select _id, arg_max(_cursor, _seq) as _cursor, arg_max(_deleted, _seq) as _deleted,\n"
            + "         arg_max(_extracted_at, _seq) as _extracted_at, arg_max(payload, _seq) as payload\n"
            + "  from %s group by _id)\n";

    private long countLive(String source, String stream, String condition, String... args) {
        String table = rawTable(source, stream);
        try (Connection c = connections.connect()) {
            if (!tableExists(c, tableName(source, stream))) {
                return 0;
            }
            try (PreparedStatement ps = c.prepareStatement(LATEST.formatted(table)
                    + "select count(*) from latest where not _deleted and " + condition)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setString(i + 1, args[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        } catch (SQLException e) {
            throw new WarehouseException("cannot count records to tombstone in " + table + ": " + e.getMessage(), e);
        }
    }

    private long tombstoneLive(String source, String stream, String runId, String condition, String... args) {
        String table = ensureTable(source, stream);
        TableSeq seq = seqFor(table);
        seq.lock.lock();
        try (Connection c = connections.connect()) {
            long next = seq.next(c, table);
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into " + table + " (_source, _stream, _id, _cursor, _deleted, _extracted_at, _run_id, _seq, payload)\n"
                            + LATEST.formatted(table)
                            + "select ?, ?, _id, _cursor, true, now(), ?, ? + row_number() over (order by _id) - 1, payload\n"
                            + "from latest where not _deleted and " + condition)) {
                ps.setString(1, source);
                ps.setString(2, stream);
                ps.setString(3, runId);
                ps.setLong(4, next);
                for (int i = 0; i < args.length; i++) {
                    ps.setString(5 + i, args[i]);
                }
                long n = ps.executeUpdate();
                c.commit();
                seq.advance(next + n);
                return n;
            } catch (SQLException | RuntimeException e) {
                seq.invalidate();
                rollbackQuietly(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new WarehouseException("key-set reconciliation of " + rawTable(source, stream) + " failed: "
                    + e.getMessage(), e);
        } finally {
            seq.lock.unlock();
        }
    }

    /** Ids whose latest row is not a tombstone; 0 when nothing was landed yet. */
    public long liveCount(String source, String stream) {
        String table = rawTable(source, stream);
        try (Connection c = connections.connect()) {
            if (!tableExists(c, tableName(source, stream))) {
                return 0;
            }
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select count(*) from (select arg_max(_deleted, _seq) as d from "
                         + table + " group by _id) where not d")) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new WarehouseException("cannot count live records of " + table + ": " + e.getMessage(), e);
        }
    }

    private String ensureTable(String source, String stream) {
        String table = rawTable(source, stream);
        if (createdTables.contains(table)) {
            return table;
        }
        // DDL outside the landing transactions and one at a time: concurrent catalog writes conflict.
        synchronized (ddlLock) {
            try (Connection c = connections.connect(); Statement st = c.createStatement()) {
                st.execute("create table if not exists " + table + " (\n"
                        + "  _source varchar not null, _stream varchar not null, _id varchar not null, _cursor varchar,\n"
                        + "  _deleted boolean not null, _extracted_at timestamptz not null, _run_id varchar,\n"
                        + "  _seq bigint not null, payload json)");
            } catch (SQLException e) {
                throw new WarehouseException("cannot create " + table + ": " + e.getMessage(), e);
            }
            createdTables.add(table);
        }
        return table;
    }

    /**
     * JDBC's autocommit=false starts DuckDB's transaction lazily at the next statement; the Appender alone
     * would run in a transaction of its own, so a statement runs first to pin the append to ours.
     */
    private static void beginTransaction(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("select 1");
        }
    }

    private static boolean tableExists(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select count(*) from information_schema.tables where table_schema = 'raw' and table_name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    private TableSeq seqFor(String table) {
        return seqs.computeIfAbsent(table, t -> new TableSeq());
    }

    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** Update-then-insert: one stream is written by one thread at a time, so no race between the two. */
    private static void upsertState(Connection c, String source, String stream, String setClause, Binder updateBinder,
                                    String insertSql, Binder insertBinder) throws SQLException {
        int updated;
        try (PreparedStatement ps = c.prepareStatement(
                "update meta.sync_state set " + setClause + " where source = ? and stream = ?")) {
            updateBinder.bind(ps);
            int n = (int) setClause.chars().filter(ch -> ch == '?').count() + 2;
            ps.setString(n - 1, source);
            ps.setString(n, stream);
            updated = ps.executeUpdate();
        }
        if (updated == 0) {
            try (PreparedStatement ps = c.prepareStatement(insertSql)) {
                ps.setString(1, source);
                ps.setString(2, stream);
                insertBinder.bind(ps);
                ps.executeUpdate();
            }
        }
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** The next {@code _seq} of one table; guarded by {@link #lock}. */
    private static final class TableSeq {
        final ReentrantLock lock = new ReentrantLock();
        private long next = -1;

        long next(Connection c, String table) throws SQLException {
            if (next < 0) {
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("select coalesce(max(_seq), 0) + 1 from " + table)) {
                    rs.next();
                    next = rs.getLong(1);
                }
            }
            return next;
        }

        void advance(long newNext) {
            next = newNext;
        }

        void invalidate() {
            next = -1;
        }
    }
}
