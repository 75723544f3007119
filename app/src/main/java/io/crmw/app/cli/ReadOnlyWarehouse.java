package io.crmw.app.cli;

import io.crmw.connectors.spi.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Read-only DuckDB connections for the CLI: the published copy, or the working file when it is free. Read-only for
 * the machine too: no file reads or writes outside the database ({@code copy … to}, {@code read_csv},
 * {@code export database}), no {@code attach}, no extension install or autoload, and the configuration locked so
 * that a query cannot turn any of it back on.
 */
public final class ReadOnlyWarehouse {
    private ReadOnlyWarehouse() {}

    public static Connection open(Path file, String whatToRun) throws SQLException {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("no warehouse at " + file + " yet; run " + whatToRun + " first");
        }
        Properties props = new Properties();
        props.setProperty("duckdb.read_only", "true");
        props.setProperty("autoinstall_known_extensions", "false");
        props.setProperty("autoload_known_extensions", "false");
        Connection c = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath(), props);
        try (var st = c.createStatement()) {
            if (locked(st)) {
                // the same file already open read-only in this process (serve and a command in one JVM): DuckDB shares
                // the database, which the first opener configured and locked
                return c;
            }
            st.execute("set TimeZone = 'UTC'");
            st.execute("set enable_external_access = false");
            st.execute("set lock_configuration = true");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private static boolean locked(java.sql.Statement st) throws SQLException {
        try (var rs = st.executeQuery("select current_setting('lock_configuration')::boolean, current_setting('TimeZone'),"
                + " current_setting('enable_external_access')::boolean")) {
            rs.next();
            if (rs.getBoolean(1) && !(utc(rs.getString(2)) && !rs.getBoolean(3))) {
                throw new SQLException("the warehouse is open in this process with other settings (TimeZone " + rs.getString(2) + ", external access " + rs.getBoolean(3) + "); open it in its own process");
            }
            return rs.getBoolean(1);
        }
    }

    private static boolean utc(String zone) {
        try {
            return java.time.ZoneId.of(zone).normalized().equals(java.time.ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            return false;
        }
    }
}
