package io.crmw.app.reports;

import io.crmw.app.e2e.PipelineHarness;
import io.crmw.sandbox.Sandbox;
import io.crmw.sandbox.SandboxOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One generated business, synced through the whole pipeline once per test JVM and shared by the report
 * oracle tests (read-only: tests must not mutate the sandbox or the warehouse). Compare report tables with
 * {@code sandbox().groundTruth()} and the truth classes computed in plain Java from the generator's objects.
 */
public final class SyncedBusiness {
    private static SyncedBusiness shared;

    private final Sandbox sandbox;
    private final PipelineHarness harness;

    private SyncedBusiness() throws Exception {
        sandbox = Sandbox.start(SandboxOptions.defaults().withSeed(2026).withSize(2).withSearchPerSecond(25));
        Path dir = Files.createTempDirectory("crmw-reports");
        harness = new PipelineHarness(sandbox, dir);
        var result = harness.sync();
        if (!result.succeeded()) {
            throw new IllegalStateException("the shared report fixture did not sync: " + result.error());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            harness.close();
            sandbox.close();
        }));
    }

    public static synchronized SyncedBusiness get() throws Exception {
        if (shared == null) {
            shared = new SyncedBusiness();
        }
        return shared;
    }

    public Sandbox sandbox() {
        return sandbox;
    }

    public PipelineHarness warehouse() {
        return harness;
    }
}
