package io.crmw.app.e2e;

import io.crmw.app.testing.CrmwProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.crmw.sandbox.Sandbox;
import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.SimulatedApi;
import io.crmw.sandbox.faults.Fault;
import io.crmw.sandbox.faults.FaultPlan;
import io.crmw.connectors.spi.SourceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chaos: the HubSpot and Salesforce simulators misbehave at random (5xx, 429 with short and day-long Retry-After,
 * dropped connections, truncated and malformed pages, {@code {}} answers, envelopes without records, stalls past the
 * call timeout) while real `crmw sync` processes are killed at 20 random points across several runs. Then the faults
 * stop, the sync finishes, and the warehouse equals an uninterrupted run's: nothing lost, nothing doubled, nothing
 * deleted that the vendor still has. Seeded, so a failure replays.
 */
class ChaosTest {
    static final long SEED = 2026;
    static final int KILLS = 20;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void randomFaultsAndTwentyKillsEndInTheWarehouseOfAnUninterruptedRun() throws Exception {
        Random random = new Random(SEED);
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withSeed(67).withSize(1).withSearchPerSecond(25)
                .withSalesforce(true))) {
            List<SimulatedApi> simulators = List.of(sandbox.hubspot(), sandbox.salesforce());
            sandbox.hubspot().faults(FaultPlan.chaos(SEED, 0.04).withStallMillis(2_500));
            sandbox.salesforce().faults(FaultPlan.chaos(SEED + 1, 0.04).withStallMillis(2_500));
            String fast = """
                          retry-base-millis: 20
                          retry-max-millis: 300
                          max-attempts: 4
                          read-timeout-seconds: 2
                          call-timeout-seconds: 2
                    """;
            String sourcesYaml = """
                        - name: %s
                          type: hubspot
                          base-url: %s
                          token: ${CRMW_CHAOS_HUBSPOT}
                    %s    - name: %s
                          type: salesforce
                          login-url: %s
                          client-id: %s
                          client-secret: ${CRMW_CHAOS_SALESFORCE}
                    %s""".formatted(PipelineHarness.SOURCE, sandbox.hubspot().baseUrl(), fast, PipelineHarness.SALESFORCE,
                    sandbox.salesforce().loginUrl(), sandbox.salesforce().clientId(), fast);
            Map<String, String> env = Map.of("CRMW_CHAOS_HUBSPOT", sandbox.hubspot().token(),
                    "CRMW_CHAOS_SALESFORCE", sandbox.salesforce().clientSecret());
            Path chaos = Files.createDirectories(dir.resolve("chaos"));
            Path configFile = CrmwProcess.config(chaos, sourcesYaml);

            int kills = 0;
            int runs = 0;
            int finished = 0;
            while (kills < KILLS) {
                runs++;
                long before = requests(simulators);
                int killAfter = 3 + random.nextInt(45);
                Process sync = CrmwProcess.sync(configFile, env);
                try {
                    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(10))
                            .until(() -> requests(simulators) - before >= killAfter || !sync.isAlive());
                    if (sync.isAlive()) {
                        sync.destroyForcibly();
                        kills++;
                    } else {
                        finished++;
                        assertThat(Files.readString(CrmwProcess.log(configFile))).as("a run that ended by itself")
                                .doesNotContain("is corrupt").doesNotContain("\tat ");
                    }
                } finally {
                    sync.destroyForcibly();
                    sync.waitFor();
                }
                assertThat(runs).as("runs needed for %d kills", KILLS).isLessThan(60);
            }
            // the killed processes' DuckDB native libraries were left in the test's directory, not in the machine's /tmp
            try (var left = Files.list(chaos.resolve("tmp"))) {
                assertThat(left.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("libduckdb_java")).count())
                        .as("DuckDB libraries left by killed crmw processes in %s", chaos.resolve("tmp")).isPositive();
            }
            Map<Fault.Kind, Long> injected = new EnumMap<>(Fault.Kind.class);
            simulators.forEach(s -> s.injectedFaults().forEach((k, v) -> injected.merge(k, v, Long::sum)));
            System.out.printf("chaos: %d runs, %d killed, %d ended by themselves; faults injected: %s%n", runs, kills,
                    finished, injected);
            assertThat(injected.keySet()).as("kinds injected").hasSizeGreaterThanOrEqualTo(6);
            assertThat(injected.values().stream().mapToLong(Long::longValue).sum()).isGreaterThanOrEqualTo(15);

            // the vendors behave again: the interrupted history resumes and finishes
            simulators.forEach(s -> s.faults(FaultPlan.none()));
            List<SourceConfig> sources = List.of(PipelineHarness.hubspot(sandbox, PipelineHarness.FAST_RETRIES),
                    PipelineHarness.salesforce(sandbox, Map.of("retry-base-millis", "20", "retry-max-millis", "300")));
            try (PipelineHarness resumed = new PipelineHarness(sandbox, chaos, sources)) {
                for (SourceConfig source : sources) {
                    var result = resumed.sync(source.name());
                    assertThat(result.status()).as("%s: %s", source.name(), result.error()).isEqualTo("succeeded");
                }
                assertThat(resumed.count("select count(*) from meta.sync_run where status = 'running'")).isZero();
            }
            Path clean = Files.createDirectories(dir.resolve("clean"));
            try (PipelineHarness uninterrupted = new PipelineHarness(sandbox, clean, sources)) {
                for (SourceConfig source : sources) {
                    assertThat(uninterrupted.sync(source.name()).status()).isEqualTo("succeeded");
                }
            }
            CrashResumeTest.assertSameContent(chaos.resolve("warehouse.duckdb"), clean.resolve("warehouse.duckdb"));
        }
    }

    private static long requests(List<SimulatedApi> simulators) {
        return simulators.stream().mapToLong(SimulatedApi::requests).sum();
    }
}
