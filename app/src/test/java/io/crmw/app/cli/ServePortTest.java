package io.crmw.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.app.config.ConfigLoader;
import io.crmw.app.config.CrmwConfig;
import io.crmw.app.engine.Engine;
import io.crmw.connectors.extract.Connectors;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --port/--bind} win over {@code server.port}/{@code server.address} in the config file. */
class ServePortTest {
    @TempDir
    Path dir;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void commandLinePortAndBindWinOverTheConfigFile() throws Exception {
        int configPort = freePort();
        int cliPort = freePort();
        Path file = dir.resolve("application.yml");
        Files.writeString(file, """
                crmw:
                  warehouse: %s
                  sources: []
                server:
                  port: %d
                  address: 0.0.0.0
                """.formatted(dir.resolve("w.duckdb"), configPort));
        CrmwConfig config = new ConfigLoader(new Connectors()).load(file);

        try (Engine engine = Engine.forServe(config, List.of(), Map.of("server.port", cliPort, "server.address", "127.0.0.1"))) {
            var env = engine.context().getEnvironment();
            assertThat(env.getProperty("local.server.port", Integer.class)).isEqualTo(cliPort);
            assertThat(env.getProperty("server.address")).isEqualTo("127.0.0.1");
        }
        // without the options, the config file's port is used
        try (Engine engine = Engine.forServe(config, List.of(), Map.of())) {
            assertThat(engine.context().getEnvironment().getProperty("local.server.port", Integer.class)).isEqualTo(configPort);
        }
    }
}
