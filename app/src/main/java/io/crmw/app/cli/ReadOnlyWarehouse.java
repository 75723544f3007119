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
        // an instance of its own: the driver's process-wide cache would hand back the instance of a copy since
        // replaced by a publish (same path), with its configuration already locked
        props.setProperty("jdbc_instance_cache", "false");
        props.setProperty("autoinstall_known_extensions", "false");
        props.setProperty("autoload_known_extensions", "false");
        Connection c = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath(), props);
        try (var st = c.createStatement()) {
            st.execute("set TimeZone = 'UTC'");
            st.execute("set enable_external_access = false");
            st.execute("set lock_configuration = true");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }
}
