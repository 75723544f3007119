package io.crmw.app.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** `crmw` as a real process, as a user runs it: a YAML config file, secrets from the environment, output to a log. */
public final class CrmwProcess {

    private CrmwProcess() {}

    /** Writes {@code dir/application.yml} with the warehouse under {@code dir} and the given (indented) sources. */
    public static Path config(Path dir, String sourcesYaml) throws IOException {
        return config(dir, dir, sourcesYaml);
    }

    /** Writes {@code configDir/application.yml} with the warehouse under {@code home} and the given (indented) sources. */
    public static Path config(Path configDir, Path home, String sourcesYaml) throws IOException {
        return config(configDir, home, io.crmw.app.e2e.PipelineHarness.REFERENCE, sourcesYaml);
    }

    /** As {@link #config(Path, Path, String)}, reading the reference files from {@code referenceDir}. */
    public static Path config(Path configDir, Path home, Path referenceDir, String sourcesYaml) throws IOException {
        Path file = Files.createDirectories(configDir).resolve("application.yml");
        Files.writeString(file, """
                crmw:
                  warehouse: %s
                  published: %s
                  reporting-currency: USD
                  reporting-time-zone: Europe/Berlin
                  reference-dir: %s
                  sources:
                %s""".formatted(home.resolve("warehouse.duckdb"), home.resolve("published/warehouse.duckdb"),
                referenceDir, sourcesYaml));
        return file;
    }

    /** Starts {@code crmw sync --config <file>} with {@code env} added; stdout and stderr go to {@code sync.log} beside it. */
    public static Process sync(Path configFile, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(configFile, "sync", "--config", configFile.toString()));
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(log(configFile).toFile());
        return pb.start();
    }

    /** Starts {@code crmw serve --config <file> --port <port>}, output to {@code log}. */
    public static Process serve(Path configFile, int port, Map<String, String> env, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(configFile, "serve", "--config", configFile.toString(), "--port",
                String.valueOf(port)));
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return pb.start();
    }

    /**
     * {@code java ... CrmwApplication <args>} on the test's own class path (this build's classes and its Maven
     * dependencies), so the process skips verifying their bytecode: about a tenth of its start-up CPU (5.9 s -> 5.3 s
     * for a sync that fails at once), and the tests start dozens of these processes (the chaos test alone over twenty).
     * Its temporary directory is {@code tmp/} beside the config file, inside the test's own temporary directory:
     * DuckDB's JDBC driver extracts its 69 MB native library there at every start and deletes it only on a normal
     * exit, so every process a test kills would otherwise leave one in the machine's /tmp.
     */
    public static List<String> command(Path configFile, String... args) throws IOException {
        Path tmp = Files.createDirectories(configFile.toAbsolutePath().resolveSibling("tmp"));
        // C1 only: a short-lived test process spends most of its CPU starting up, and C2 compiles would compete for it
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "-XX:+UnlockDiagnosticVMOptions", "-XX:-BytecodeVerificationRemote", "-Djava.io.tmpdir=" + tmp,
                "-cp", System.getProperty("java.class.path"), "io.crmw.app.CrmwApplication"));
        command.addAll(List.of(args));
        return command;
    }

    public static Path log(Path configFile) {
        return configFile.resolveSibling("sync.log");
    }
}
