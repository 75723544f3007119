package io.crmw.app.engine;

import io.crmw.connectors.http.RefreshTokenStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Rotated OAuth refresh tokens in the state database (the H2 file every run already opens, never published): one row
 * per source, written in one transaction and flushed to disk before the caller uses the new access token. Values are
 * sealed by the connectors' {@link io.crmw.connectors.http.RotatedRefreshToken}; nothing here is a token in clear.
 */
public final class StateDbRefreshTokens implements RefreshTokenStore {
    static final String TABLE = "create table if not exists CRMW_REFRESH_TOKEN (SOURCE varchar(200) primary key, "
            + "CONFIGURED_FINGERPRINT varchar(100) not null, SEALED_TOKEN varchar(8000) not null, "
            + "ROTATED_AT timestamp with time zone not null)";

    private final DataSource dataSource;

    public StateDbRefreshTokens(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<Entry> load(String source) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "select CONFIGURED_FINGERPRINT, SEALED_TOKEN from CRMW_REFRESH_TOKEN where SOURCE = ?")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Entry(rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the saved refresh token of source '" + source
                    + "' from the state database: " + firstLine(e));
        }
    }

    @Override
    public void save(String source, Entry entry) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            boolean h2 = c.getMetaData().getDatabaseProductName().startsWith("H2");
            try (PreparedStatement ps = c.prepareStatement(h2
                    ? "merge into CRMW_REFRESH_TOKEN (SOURCE, CONFIGURED_FINGERPRINT, SEALED_TOKEN, ROTATED_AT) key (SOURCE)"
                      + " values (?, ?, ?, current_timestamp)"
                    // cluster mode (PostgreSQL): a commit is durable once it returns
                    : "insert into CRMW_REFRESH_TOKEN (SOURCE, CONFIGURED_FINGERPRINT, SEALED_TOKEN, ROTATED_AT)"
                      + " values (?, ?, ?, current_timestamp) on conflict (SOURCE) do update set"
                      + " CONFIGURED_FINGERPRINT = excluded.CONFIGURED_FINGERPRINT, SEALED_TOKEN = excluded.SEALED_TOKEN,"
                      + " ROTATED_AT = excluded.ROTATED_AT")) {
                ps.setString(1, source);
                ps.setString(2, entry.configuredFingerprint());
                ps.setString(3, entry.sealedToken());
                ps.executeUpdate();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
            if (h2) {
                try (Statement st = c.createStatement()) {
                    st.execute("checkpoint sync"); // on disk before the new access token is used, not in H2's write delay
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot save the rotated refresh token of source '" + source
                    + "' in the state database: " + firstLine(e));
        }
    }

    private static String firstLine(SQLException e) {
        String m = String.valueOf(e.getMessage());
        return m.lines().findFirst().orElse(m);
    }
}
