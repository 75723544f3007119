package io.crmw.app.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** `crmw` as a real process, as a user runs it: a YAML config file, secrets from the environment, output to a log. */
final class CrmwProcess {

    private CrmwProcess() {}

    /** Writes {@code dir/application.yml} with the warehouse under {@code dir} and the given (indented) sources. */
    static Path config(Path dir, String sourcesYaml) throws IOException {
        Path file = dir.resolve("application.yml");
        Files.writeString(file, """
                crmw:
                  warehouse: %s
                  published: %s
                  reporting-currency: USD
                  reporting-time-zone: Europe/Berlin
                  reference-dir: ../config/reference
                  sources:
                %s""".formatted(dir.resolve("warehouse.duckdb"), dir.resolve("published/warehouse.duckdb"), sourcesYaml));
        return file;
    }

    /** Starts {@code crmw sync --config <file>} with {@code env} added; stdout and stderr go to {@code sync.log} beside it. */
    static Process sync(Path configFile, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.crmw.app.CrmwApplication",
                "sync", "--config", configFile.toString());
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(log(configFile).toFile());
        return pb.start();
    }

    static Path log(Path configFile) {
        return configFile.resolveSibling("sync.log");
    }
}
