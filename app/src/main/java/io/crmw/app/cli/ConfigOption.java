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

    /** The config with the CRM secrets resolved: for commands that call the CRMs. */
    CrmwConfig load() {
        return new ConfigLoader(new Connectors()).load(path());
    }

    /** The config checked in full but with no secret resolved: read-only commands need no CRM credentials. */
    CrmwConfig loadWithoutSecrets() {
        return new ConfigLoader(new Connectors()).loadWithoutSecrets(path());
    }

    /** As {@link #loadWithoutSecrets}, with the cluster database's password (for {@code status}). */
    CrmwConfig loadWithClusterSecret() {
        return new ConfigLoader(new Connectors()).loadWithClusterSecret(path());
    }
}
