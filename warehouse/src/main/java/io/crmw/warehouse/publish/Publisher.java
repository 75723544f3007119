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
import java.util.UUID;

/**
 * Publishes a consistent read-only copy of the warehouse for analysts, BI tools and the dashboard: the
 * copy is written to a temp file next to the target (one transaction, so one snapshot), then renamed over
 * the target atomically, so readers see either the old copy or the new one.
 */
public final class Publisher {

    private static final Object LOCK = new Object();

    private Publisher() {}

    public static void publish(Warehouse wh, Path target) {
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
                        st.execute("copy from database " + Sql.ident(source) + " to " + Sql.ident(alias));
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
}
