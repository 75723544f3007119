package io.crmw.app.cli;

import io.crmw.app.testing.CrmwProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.crmw.app.engine.StorageProblem;
import io.crmw.sandbox.Sandbox;
import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.faults.FaultPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clean edges of the CLI: SIGTERM during `crmw sync` marks the run interrupted; a state database held by another
 * process, unwritable paths, read-only file systems and full disks are one line each; the sandbox's key is 0600.
 */
class SignalAndStorageEdgesTest {
    @TempDir
    Path dir;

    private Path config(Path home, String baseUrl, String token) throws IOException {
        Path tokenFile = Files.writeString(Files.createDirectories(home).resolve("token"), token);
        return CrmwProcess.config(home, """
                    - name: hubspot-slow
                      type: hubspot
                      base-url: %s
                      token-file: %s
                      retry-base-millis: 20
                      retry-max-millis: 200
                """.formatted(baseUrl, tokenFile));
    }

    private static String[] runCli(String... args) {
        StringWriter err = new StringWriter();
        int code = CrmwCommand.execute(new PrintWriter(err, true), args);
        return new String[] {String.valueOf(code), err.toString()};
    }

    @Test
    void sigtermDuringSyncMarksTheRunInterruptedAndTheStateDatabaseLockIsNamed() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withSeed(5).withSize(1).withSearchPerSecond(25)
                .withFaults(FaultPlan.none().withDelayMillis(40)))) {
            Path home = dir.resolve("signal");
            Path configFile = config(home, sandbox.hubspot().baseUrl(), sandbox.hubspot().token());
            Path log = CrmwProcess.log(configFile);
            long before = sandbox.hubspot().requests();
            Process sync = CrmwProcess.sync(configFile, java.util.Map.of());
            try {
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
                        .until(() -> sandbox.hubspot().requests() - before >= 20 || !sync.isAlive());
                assertThat(sync.isAlive()).as("sync still running; log: %s", Files.readString(log)).isTrue();

                // a second sync while the first holds the state database: the lock is named, in one line
                String[] second = runCli("sync", "--config", configFile.toString());
                assertThat(second[0]).isEqualTo("1");
                assertThat(second[1].strip()).isEqualTo("crmw: the state database " + home.resolve("warehouse-state")
                        + " is in use by another crmw process (is `crmw serve` running?); stop it or use another "
                        + "warehouse path");

                sync.destroy(); // SIGTERM
                assertThat(sync.waitFor()).isNotZero();
            } finally {
                sync.destroyForcibly();
            }
            String output = Files.readString(log);
            assertThat(output).contains("marked interrupted").doesNotContain("\tat ");

            // before: both rows stayed 'running' until the next run called them failed
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + home.resolve("warehouse.duckdb"));
                 var st = c.createStatement()) {
                assertThat(rows(st, "select status, error from meta.sync_run")).singleElement()
                        .satisfies(r -> {
                            assertThat(r.get(0)).isEqualTo("interrupted");
                            assertThat(r.get(1)).contains("SIGTERM").contains("resumes from the last committed page");
                        });
                assertThat(rows(st, "select count(*) from meta.stream_run where status = 'running'"))
                        .containsExactly(List.of("0"));
                assertThat(rows(st, "select count(*) > 0 from meta.stream_run where status = 'interrupted'"))
                        .containsExactly(List.of("true"));
            }
        }
    }

    private static List<List<String>> rows(java.sql.Statement st, String sql) throws Exception {
        List<List<String>> out = new ArrayList<>();
        try (var rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    @Test
    void aWarehousePathUnderARegularFileIsOneLine() throws Exception {
        // works as root too, where a directory without write permission would not stop anything
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        Path home = file.resolve("sub");
        Path configFile = CrmwProcess.config(dir, home, """
                    - name: hubspot-x
                      type: hubspot
                      base-url: http://127.0.0.1:9
                      token-file: %s
                """.formatted(Files.writeString(dir.resolve("token"), "pat-unused")));
        String[] result = runCli("sync", "--config", configFile.toString());
        assertThat(result[0]).isEqualTo("1");
        // before: "crmw: <path>" (the bare I/O exception's message), after a Spring stack trace
        assertThat(result[1].strip()).isEqualTo("crmw: cannot write the state database at " + home + ": " + file
                + " is a file, not a directory; fix crmw.warehouse in the config");
    }

    @Test
    void aDirectoryWithoutWritePermissionIsOneLine() throws Exception {
        Path locked = Files.createDirectories(dir.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            boolean root = Files.isWritable(locked);
            Path target = locked.resolve("warehouse-state");
            java.util.Optional<String> line = StorageProblem.describe("the state database", target,
                    root ? new AccessDeniedException(target.toString()) : catchIo(() -> Files.createFile(target)));
            assertThat(line).contains("cannot write the state database at " + target + ": permission denied; make the "
                    + "directory writable for user '" + System.getProperty("user.name") + "' or point crmw.warehouse at "
                    + "a writable location");
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aFullDiskAndAReadOnlyFileSystemAreNamed() {
        Path w = Path.of("/data/warehouse.duckdb");
        // as DuckDB and the JDK report them (a real full or read-only disk cannot be made in a unit test)
        var full = new java.sql.SQLException("IO Error: Could not write file \"/data/warehouse.duckdb.wal\": "
                + "No space left on device", new IOException("No space left on device"));
        assertThat(StorageProblem.describe("the warehouse", w, new IllegalStateException("open failed", full)))
                .contains("cannot write the warehouse at /data/warehouse.duckdb: the disk is full; free some space (or "
                        + "point crmw.warehouse at a larger disk) and run again: nothing committed so far is lost");
        assertThat(StorageProblem.describe("the warehouse", w,
                new FileSystemException("/data/warehouse.duckdb", null, "Read-only file system")))
                .contains("cannot write the warehouse at /data/warehouse.duckdb: the file system is mounted read-only; "
                        + "point crmw.warehouse at a writable location");
        assertThat(StorageProblem.describe("the warehouse", w, new IllegalStateException("something else"))).isEmpty();
    }

    @Test
    void theSandboxKeyFileIsReadableByItsOwnerOnly() throws Exception {
        Path key = SandboxCommand.writeOwnerOnly(dir.resolve("data/sandbox-salesforce-key.pem"), "-----BEGIN PRIVATE KEY-----");
        // before: written with the umask's 0644, readable by every local user
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(Files.readString(key)).isEqualTo("-----BEGIN PRIVATE KEY-----");

        // an existing, world-readable key file is narrowed before it is overwritten
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        SandboxCommand.writeOwnerOnly(key, "-----BEGIN PRIVATE KEY----- 2");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(Files.readString(key)).isEqualTo("-----BEGIN PRIVATE KEY----- 2");
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static IOException catchIo(IoAction action) {
        try {
            action.run();
            throw new AssertionError("expected an IOException");
        } catch (IOException e) {
            return e;
        }
    }
}
