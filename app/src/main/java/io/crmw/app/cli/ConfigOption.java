package io.crmw.app.cli;

import io.crmw.app.config.ConfigLoader;
import io.crmw.app.config.CrmwConfig;
import io.crmw.connectors.extract.Connectors;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config FILE}: default {@code $CRMW_CONFIG}, else {@code config/application.yml}. */
final class ConfigOption {

    @Option(names = "--config", paramLabel = "FILE",
            description = "config file (default: $CRMW_CONFIG, else config/application.yml)")
    Path file;

    Path path() {
        if (file != null) {
            return file;
        }
        String env = System.getenv("CRMW_CONFIG");
        return Path.of(env == null || env.isBlank() ? "config/application.yml" : env);
    }

    CrmwConfig load() {
        return new ConfigLoader(new Connectors()).load(path());
    }
}
