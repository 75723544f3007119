package io.crmw.etl.normalize;

import io.crmw.warehouse.Warehouse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Streams the not-yet-normalized raw records of one (source, stream): the latest version per {@code _id}
 * among the rows above the watermark, in {@code _seq} order. It keeps no restart state of its own: the
 * watermark, moved by {@link CoreMergeWriter} with every chunk, is where a restarted step resumes.
 */
public final class RawRecordReader implements ItemStreamReader<RawRow> {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Warehouse warehouse;
    private final String source;
    private final String stream;
    private final String rawTable;
    private Connection conn;
    private PreparedStatement statement;
    private ResultSet rows;
    private long startSeq;

    public RawRecordReader(Warehouse warehouse, String source, String stream) {
        this.warehouse = warehouse;
        this.source = source;
        this.stream = stream;
        this.rawTable = RawTables.qualified(source, stream);
    }

    @Override
    public void open(ExecutionContext executionContext) {
        try {
            conn = warehouse.connect();
            if (!RawTables.exists(conn, source, stream)) {
                return; // nothing landed yet: an empty step
            }
            startSeq = warehouse.syncState().normalizedUpTo(source, stream);
            // the window runs over new rows only: an id's older, already normalized versions are irrelevant
            statement = conn.prepareStatement("select _id, _deleted, epoch_us(_extracted_at), _seq, payload::varchar"
                    + " from " + rawTable + " where _seq > ?"
                    + " qualify row_number() over (partition by _id order by _seq desc) = 1"
                    + " order by _seq");
            statement.setLong(1, startSeq);
            statement.setFetchSize(2048);
            rows = statement.executeQuery();
        } catch (SQLException | RuntimeException e) {
            close();
            throw new ItemStreamException("normalize " + source + "/" + stream + ": cannot read " + rawTable, e);
        }
    }

    /** The watermark the step started from. */
    public long startSeq() {
        return startSeq;
    }

    @Override
    public RawRow read() throws SQLException {
        if (rows == null || !rows.next()) {
            return null;
        }
        long micros = rows.getLong(3);
        Instant extractedAt = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                Math.floorMod(micros, 1_000_000L) * 1_000L);
        return new RawRow(source, stream, rows.getString(1), rows.getBoolean(2), extractedAt, rows.getLong(4),
                JSON.readTree(rows.getString(5)));
    }

    @Override
    public void close() {
        try {
            if (rows != null) {
                rows.close();
            }
            if (statement != null) {
                statement.close();
            }
            if (conn != null) {
                conn.close();
            }
        } catch (SQLException ignored) {
            // nothing left to release that matters
        } finally {
            rows = null;
            statement = null;
            conn = null;
        }
    }
}
