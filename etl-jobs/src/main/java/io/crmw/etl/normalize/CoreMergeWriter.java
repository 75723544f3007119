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
 * Writes a chunk of mapped records into {@code core.*} in one DuckDB transaction: the rows are appended
 * (DuckDB Appender) into per-table temp staging tables, then merged set-based (delete the chunk's keys,
 * insert the staged rows), and the stream's watermark in {@code meta.normalize_state} moves to the chunk's
 * highest raw {@code _seq} in the same transaction. Replaying a chunk after a crash therefore cannot double
 * rows, and a restart resumes after the last committed chunk.
 */
public final class CoreMergeWriter implements ItemStreamWriter<MappedRecord> {

    private static final Logger log = LoggerFactory.getLogger(CoreMergeWriter.class);

    private record Target(String table, String keyColumn) {}

    private final Warehouse warehouse;
    private final String source;
    private final String stream;
    private final Map<String, RowLayout> layouts = new HashMap<>();
    private final Map<Target, Boolean> staged = new HashMap<>();
    private Connection conn;

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
            long t1 = System.nanoTime();
            conn.commit();
            if (log.isDebugEnabled()) {
                log.debug("{}/{}: merged {} records up to _seq {} in {} ms, commit {} ms", source, stream, chunk.size(),
                        maxSeq, (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
            }
        } catch (Exception e) {
            conn.rollback();
            staged.clear(); // temp tables created in the rolled-back transaction are gone
            throw e;
        }
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

    @Override
    public void close() {
        if (conn != null) {
            try {
                conn.rollback();
                conn.close();
            } catch (SQLException ignored) {
                // closing after a failure: the first error is the one worth reporting
            }
            conn = null;
            staged.clear();
            layouts.clear();
        }
    }
}
