package io.crmw.etl.normalize;

import io.crmw.warehouse.raw.RawLanding;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Whether a raw landing table exists yet; names come from the warehouse's {@link RawLanding#rawTable}. */
public final class RawTables {

    private RawTables() {}

    /** The qualified, quoted name: {@code raw."hubspot_main__deals"}. */
    public static String qualified(String source, String stream) {
        return RawLanding.rawTable(source, stream);
    }

    /** The unquoted name inside schema {@code raw}, as {@link RawLanding} creates it. */
    static String tableName(String source, String stream) {
        return (source + "__" + stream).replace('-', '_');
    }

    public static boolean exists(Connection conn, String source, String stream) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "select 1 from information_schema.tables where table_schema = 'raw' and table_name = ?")) {
            ps.setString(1, tableName(source, stream));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
