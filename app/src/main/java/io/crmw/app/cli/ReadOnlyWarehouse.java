package io.crmw.app.cli;

import io.crmw.connectors.spi.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Read-only DuckDB connections for the CLI: the published copy, or the working file when it is free. */
final class ReadOnlyWarehouse {
    private ReadOnlyWarehouse() {}

    static Connection open(Path file, String whatToRun) throws SQLException {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("no warehouse at " + file + " yet; run " + whatToRun + " first");
        }
        Properties props = new Properties();
        props.setProperty("duckdb.read_only", "true");
        Connection c = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath(), props);
        try (var st = c.createStatement()) {
            st.execute("set TimeZone = 'UTC'");
        }
        return c;
    }
}
