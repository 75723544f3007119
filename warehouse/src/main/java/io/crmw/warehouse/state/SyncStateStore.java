package io.crmw.warehouse.state;

import io.crmw.warehouse.ConnectionSource;
import io.crmw.warehouse.Sql;
import io.crmw.warehouse.WarehouseException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@code meta.sync_state} (written by {@link io.crmw.warehouse.raw.RawLanding} together with each
 * page) and keeps the normalization watermark {@code meta.normalize_state}.
 */
public final class SyncStateStore {

    private static final String SELECT = "select source, stream, cursor, epoch_us(pass_started_at) as pass_started_at,"
            + " epoch_us(last_success_at) as last_success_at, records_landed, epoch_us(updated_at) as updated_at"
            + " from meta.sync_state";

    private final ConnectionSource connections;

    public SyncStateStore(ConnectionSource connections) {
        this.connections = connections;
    }

    public Optional<SyncState> get(String source, String stream) {
        List<SyncState> found = query(SELECT + " where source = ? and stream = ?", source, stream);
        return found.stream().findFirst();
    }

    /** Every stream's state, ordered by source and stream. */
    public List<SyncState> all() {
        return query(SELECT + " order by source, stream");
    }

    /** The highest raw {@code _seq} already normalized into core for this stream; 0 when none. */
    public long normalizedUpTo(String source, String stream) {
        try (Connection c = connections.connect();
             PreparedStatement ps = c.prepareStatement(
                     "select last_seq from meta.normalize_state where source = ? and stream = ?")) {
            ps.setString(1, source);
            ps.setString(2, stream);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        } catch (SQLException e) {
            throw new WarehouseException("cannot read the normalization watermark of " + source + "/" + stream
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Moves the normalization watermark on the caller's connection, so it commits (or rolls back) with the
     * caller's merge into core.
     */
    public void markNormalized(Connection c, String source, String stream, long lastSeq) {
        try {
            int updated;
            try (PreparedStatement ps = c.prepareStatement(
                    "update meta.normalize_state set last_seq = ?, updated_at = now() where source = ? and stream = ?")) {
                ps.setLong(1, lastSeq);
                ps.setString(2, source);
                ps.setString(3, stream);
                updated = ps.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement ps = c.prepareStatement(
                        "insert into meta.normalize_state (source, stream, last_seq, updated_at) values (?, ?, ?, now())")) {
                    ps.setString(1, source);
                    ps.setString(2, stream);
                    ps.setLong(3, lastSeq);
                    ps.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new WarehouseException("cannot move the normalization watermark of " + source + "/" + stream
                    + ": " + e.getMessage(), e);
        }
    }

    private List<SyncState> query(String sql, String... params) {
        try (Connection c = connections.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            List<SyncState> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new SyncState(rs.getString("source"), rs.getString("stream"), rs.getString("cursor"),
                            Sql.instantFromMicros(rs, "pass_started_at"), Sql.instantFromMicros(rs, "last_success_at"),
                            rs.getLong("records_landed"), Sql.instantFromMicros(rs, "updated_at")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new WarehouseException("cannot read meta.sync_state: " + e.getMessage(), e);
        }
    }
}
