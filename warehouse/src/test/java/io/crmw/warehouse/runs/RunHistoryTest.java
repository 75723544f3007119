package io.crmw.warehouse.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.warehouse.Warehouse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunHistoryTest {

    @TempDir
    Path dir;

    @Test
    void sumsStreamCountersIntoTheRunAndReportsLatestPerStream() {
        try (Warehouse wh = Warehouse.open(dir.resolve("w.duckdb"))) {
            RunHistory runs = wh.runs();
            runs.startRun("r1", "hubspot", "cli", true);
            runs.startStream("r1", "hubspot", "deals", null);
            runs.startStream("r1", "hubspot", "owners", null);
            runs.finishStream("r1", "deals", new StreamRunResult("succeeded", 3, 250, 2, 4, 1, 1, 248L, 248L, "c9", null));
            runs.finishStream("r1", "owners", new StreamRunResult("failed", 1, 10, 0, 2, 3, 0, null, null, "o1", "boom"));
            runs.finishRun("r1", "failed", "owners: boom");

            RunSummary r = runs.lastRun("hubspot").orElseThrow();
            assertThat(r.status()).isEqualTo("failed");
            assertThat(r.fullRefresh()).isTrue();
            assertThat(r.trigger()).isEqualTo("cli");
            assertThat(r.error()).isEqualTo("owners: boom");
            assertThat(List.of(r.pages(), r.records(), r.httpCalls(), r.retries(), r.throttled()))
                    .containsExactly(4L, 260L, 6L, 4L, 1L);
            assertThat(r.finishedAt()).isAfterOrEqualTo(r.startedAt());

            runs.startRun("r2", "hubspot", "schedule", false);
            runs.startStream("r2", "hubspot", "deals", "c9");
            runs.finishStream("r2", "deals", new StreamRunResult("succeeded", 1, 5, 0, 1, 0, 0, null, 250L, "c10", null));
            runs.finishRun("r2", "succeeded", null);

            List<StreamStatus> latest = runs.latestPerStream();
            assertThat(latest).extracting(StreamStatus::stream).containsExactly("deals", "owners");
            StreamStatus deals = latest.get(0);
            assertThat(deals.runId()).isEqualTo("r2");
            assertThat(deals.records()).isEqualTo(5);
            assertThat(deals.cursorBefore()).isEqualTo("c9");
            assertThat(deals.cursorAfter()).isEqualTo("c10");
            assertThat(deals.vendorCount()).isNull();
            assertThat(deals.warehouseCount()).isEqualTo(250L);
            assertThat(latest.get(1).error()).isEqualTo("boom");
            assertThat(runs.lastRun("hubspot").orElseThrow().runId()).isEqualTo("r2");
            assertThat(runs.lastRun("other")).isEmpty();
        }
    }

    @Test
    void runLeftRunningByACrashIsReadableThenMarkedInterrupted() {
        Path file = dir.resolve("w.duckdb");
        try (Warehouse wh = Warehouse.open(file)) {
            wh.runs().startRun("crashed", "pipedrive", "schedule", false);
            wh.runs().startStream("crashed", "pipedrive", "deals", "c1");
            wh.runs().startRun("other-source", "zoho", "schedule", false);
        }
        try (Warehouse wh = Warehouse.open(file)) {
            RunSummary crashed = wh.runs().lastRun("pipedrive").orElseThrow();
            assertThat(crashed.status()).isEqualTo("running");
            assertThat(crashed.finishedAt()).isNull();
            assertThat(wh.runs().latestPerStream().get(0).status()).isEqualTo("running");

            wh.runs().startRun("next", "pipedrive", "cli", false);

            RunSummary marked = wh.runs().run("crashed").orElseThrow();
            assertThat(marked.status()).isEqualTo("failed");
            assertThat(marked.error()).isEqualTo("interrupted");
            assertThat(marked.finishedAt()).isNotNull();
            assertThat(wh.runs().latestPerStream()).filteredOn(s -> s.source().equals("pipedrive"))
                    .singleElement().satisfies(s -> {
                        assertThat(s.status()).isEqualTo("failed");
                        assertThat(s.error()).isEqualTo("interrupted");
                    });
            assertThat(wh.runs().run("other-source").orElseThrow().status()).isEqualTo("running");
            assertThat(wh.runs().lastRun("pipedrive").orElseThrow().runId()).isEqualTo("next");
        }
    }

    @Test
    void recordsTransformRuns() {
        try (Warehouse wh = Warehouse.open(dir.resolve("w.duckdb"))) {
            wh.runs().startTransform("t1");
            assertThat(wh.runs().lastTransform().orElseThrow().status()).isEqualTo("running");
            wh.runs().startTransform("t2");
            assertThat(wh.runs().transform("t1").orElseThrow().error()).isEqualTo("interrupted");
            wh.runs().finishTransform("t2", "succeeded", 4, 7, 0, null);
            TransformRunSummary t = wh.runs().lastTransform().orElseThrow();
            assertThat(t.runId()).isEqualTo("t2");
            assertThat(List.of(t.modelsBuilt(), t.testsRun(), t.testsFailed())).containsExactly(4, 7, 0);
            assertThat(t.status()).isEqualTo("succeeded");
        }
    }
}
