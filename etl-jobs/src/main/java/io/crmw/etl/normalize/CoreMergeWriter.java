package io.crmw.etl.normalize;

import io.crmw.warehouse.Warehouse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;

/**
 * Writes chunks of mapped records into {@code core.*}: the rows are appended (DuckDB Appender) into per-table temp
 * staging tables, then merged set-based (delete the chunk's keys, insert the staged rows), and the stream's watermark
 * in {@code meta.normalize_state} moves to the chunk's highest raw {@code _seq} in the same DuckDB transaction. The
 * transaction spans several chunks and commits every {@value #COMMIT_EVERY_RECORDS} records or
 * {@value #COMMIT_EVERY_MILLIS} ms, and at close: each commit writes the WAL and may checkpoint, and a commit per
 * 1,000-record chunk spent about a third of the write time on it. Every chunk leaves the open transaction consistent
 * (rows and watermark together), so committing at close after a reader's failure is safe, and a write that fails rolls
 * back the chunks not yet committed with their watermark. Replaying after a crash therefore cannot double rows, and a
 * restart resumes after the last commit.
 */
public final class CoreMergeWriter implements ItemStreamWriter<MappedRecord> {

    private static final Logger log = LoggerFactory.getLogger(CoreMergeWriter.class);

    private record Target(String table, String keyColumn) {}

    static final int COMMIT_EVERY_RECORDS = 100_000;
    static final long COMMIT_EVERY_MILLIS = 10_000;

    private final Warehouse warehouse;
    private final String source;
    private final String stream;
    private final Map<String, RowLayout> layouts = new HashMap<>();
    private final Map<Target, Boolean> staged = new HashMap<>();
    private Connection conn;
    private long pendingRecords;
    private long pendingSinceNanos;

    public CoreMergeWriter(Warehouse warehouse, String source, String stream) {
        this.warehouse = warehouse;
        this.source = source;
        this.stream = stream;
    }

    @Override
    public void open(ExecutionContext executionContext) {
        try {
            conn = warehouse.connect();
            conn.setAutoCommit(false);
        } catch (SQLException | RuntimeException e) {
            throw new ItemStreamException("normalize " + source + "/" + stream + ": cannot open the warehouse", e);
        }
    }

    @Override
    public void write(Chunk<? extends MappedRecord> chunk) throws Exception {
        Map<Target, LinkedHashMap<String, List<? extends CoreRow>>> byTarget = new LinkedHashMap<>();
        long maxSeq = Long.MIN_VALUE;
        for (MappedRecord item : chunk) {
            maxSeq = Math.max(maxSeq, item.seq());
            for (CoreWrite w : item.normalized().writes()) {
                // a later write for the same key wins (e.g. two owners naming the same team)
                byTarget.computeIfAbsent(new Target(w.table(), w.keyColumn()), t -> new LinkedHashMap<>())
                        .put(w.key(), w.rows());
            }
        }
        if (maxSeq == Long.MIN_VALUE) {
            return;
        }
        try {
            long t0 = System.nanoTime();
            for (var e : byTarget.entrySet()) {
                merge(e.getKey(), e.getValue());
            }
            warehouse.syncState().markNormalized(conn, source, stream, maxSeq);
            if (pendingRecords == 0) {
                pendingSinceNanos = t0;
            }
            pendingRecords += chunk.size();
            long t1 = System.nanoTime();
            boolean commit = pendingRecords >= COMMIT_EVERY_RECORDS
                    || t1 - pendingSinceNanos >= COMMIT_EVERY_MILLIS * 1_000_000L;
            if (commit) {
                commitPending();
            }
            if (log.isDebugEnabled()) {
                log.debug("{}/{}: merged {} records up to _seq {} in {} ms{}", source, stream, chunk.size(), maxSeq,
                        (t1 - t0) / 1_000_000, commit ? ", commit " + (System.nanoTime() - t1) / 1_000_000 + " ms" : "");
            }
        } catch (Exception e) {
            pendingRecords = 0;
            conn.rollback();
            staged.clear(); // temp tables created in the rolled-back transaction are gone
            throw e;
        }
    }

    private void commitPending() throws SQLException {
        conn.commit();
        pendingRecords = 0;
    }

    private void merge(Target t, Map<String, List<? extends CoreRow>> rowsByKey) throws SQLException {
        String stage = "stage_" + t.table();
        String keys = "stage_keys_" + t.table() + "__" + t.keyColumn();
        // keys whose new row set is empty (e.g. a contact that stopped being a lead) need their own key list
        boolean emptyKeys = rowsByKey.values().stream().anyMatch(List::isEmpty);
        try (Statement st = conn.createStatement()) {
            if (staged.putIfAbsent(t, Boolean.TRUE) == null) {
                st.execute("create temp table if not exists " + stage + " as select * from core." + t.table() + " limit 0");
                st.execute("create temp table if not exists " + keys + " (key varchar)");
            }
            st.execute("truncate " + stage);
            if (emptyKeys) {
                st.execute("truncate " + keys);
            }
        }
        DuckDBConnection duck = conn.unwrap(DuckDBConnection.class);
        try (DuckDBAppender rowAppender = duck.createAppender("temp", "main", stage)) {
            RowLayout layout = null;
            Class<?> layoutClass = null;
            for (List<? extends CoreRow> rows : rowsByKey.values()) {
                for (CoreRow row : rows) {
                    if (row.getClass() != layoutClass) {
                        layout = layout(t.table(), row);
                        layoutClass = row.getClass();
                    }
                    layout.append(rowAppender, row);
                }
            }
        }
        String keySet = "(select distinct " + t.keyColumn() + " as key from " + stage + ")";
        if (emptyKeys) {
            try (DuckDBAppender keyAppender = duck.createAppender("temp", "main", keys)) {
                for (String key : rowsByKey.keySet()) {
                    keyAppender.beginRow().append(key).endRow();
                }
            }
            keySet = keys;
        }
        try (PreparedStatement del = conn.prepareStatement("delete from core." + t.table() + " as c using " + keySet
                + " as k where c.source_system = ? and c." + t.keyColumn() + " = k.key");
             Statement ins = conn.createStatement()) {
            del.setString(1, source);
            del.executeUpdate();
            ins.executeUpdate("insert into core." + t.table() + " select * from " + stage);
        }
    }

    private RowLayout layout(String table, CoreRow row) throws SQLException {
        String cacheKey = table + '/' + row.getClass().getName();
        RowLayout layout = layouts.get(cacheKey);
        if (layout == null) {
            layout = RowLayout.of(conn, table, row.getClass());
            layouts.put(cacheKey, layout);
        }
        return layout;
    }

    /** Commits the chunks written since the last commit (each left rows and watermark consistent), then closes. */
    @Override
    public void close() {
        if (conn != null) {
            SQLException failed = null;
            try {
                if (pendingRecords > 0) {
                    commitPending();
                } else {
                    conn.rollback();
                }
            } catch (SQLException e) {
                failed = e;
                try {
                    conn.rollback();
                } catch (SQLException ignored) {
                    // the commit's error is the one worth reporting
                }
            }
            try {
                conn.close();
            } catch (SQLException ignored) {
                // nothing left to release that matters
            }
            conn = null;
            pendingRecords = 0;
            staged.clear();
            layouts.clear();
            if (failed != null) {
                throw new ItemStreamException("normalize " + source + "/" + stream + ": cannot commit the last "
                        + "chunks; the next run normalizes them again", failed);
            }
        }
    }
}
