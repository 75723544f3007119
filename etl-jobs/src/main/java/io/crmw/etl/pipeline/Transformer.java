package io.crmw.etl.pipeline;

import io.crmw.warehouse.Warehouse;
import io.crmw.warehouse.model.ModelBuildException;
import io.crmw.warehouse.model.ModelRunner;
import io.crmw.warehouse.model.TransformResult;
import io.crmw.warehouse.publish.Publisher;
import io.crmw.warehouse.raw.RawRetention;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the report tables from core (all or nothing) and, when every data test passed, applies raw retention
 * and publishes the copy. Models rebuild only what changed since the last build, unless asked for a full build or
 * their last full build is older than the settings' {@code fullRebuildEvery}.
 *
 * <p>One build at a time: two builds of the same tables at once would fail on DuckDB's write-write conflict, and
 * {@code serve} runs sources that share a schedule at the same time, each ending with a build. A request that arrives
 * while a build runs waits for it, and the requests waiting when it ends share the next build, which starts after all
 * their data was committed: however many sources finish during one build, one more build covers them all. A full
 * request always gets a full build of its own; no request gets the result of a build that started before it.
 */
public final class Transformer {
    private static final Logger log = LoggerFactory.getLogger(Transformer.class);

    private final Warehouse warehouse;
    private final TransformSettings settings;

    private final Object turn = new Object();
    /** Guarded by {@link #turn}: a build is running; requests numbered up to {@link #taken} are covered by one. */
    private boolean building;
    private long requests;
    private long taken;
    /** Guarded by {@link #turn}: the last build's result and the highest request it covered. */
    private TransformResult lastResult;
    private long lastCovered;

    /** Test hook: runs in the building thread before each build. */
    volatile Runnable beforeBuild = () -> {};

    public Transformer(Warehouse warehouse, TransformSettings settings) {
        this.warehouse = warehouse;
        this.settings = settings;
    }

    public TransformResult transform(String runId) {
        return transform(runId, false);
    }

    /**
     * {@code full}: every model is rebuilt from scratch and every data test runs on everything. Waits for a running
     * build; an incremental request may get the result of the build that started after it (under another run id).
     */
    public TransformResult transform(String runId, boolean full) {
        long ticket;
        long covers;
        synchronized (turn) {
            ticket = ++requests;
            while (true) {
                if (!full && lastResult != null && lastCovered >= ticket) {
                    return lastResult; // a build that started after this request ran while it waited
                }
                if (!building) {
                    break;
                }
                waitForTurn();
            }
            building = true;
            covers = requests; // every request waiting now: their data was committed before this build starts
            taken = covers;
        }
        TransformResult result = null;
        try {
            beforeBuild.run();
            result = build(runId, full);
            return result;
        } finally {
            synchronized (turn) {
                building = false;
                if (result != null) {
                    lastResult = result;
                    lastCovered = covers;
                }
                turn.notifyAll();
            }
        }
    }

    /** Requests waiting for a build (tests). */
    int waiting() {
        synchronized (turn) {
            return (int) (requests - taken);
        }
    }

    private void waitForTurn() {
        try {
            turn.wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the running report build to finish", e);
        }
    }

    private TransformResult build(String runId, boolean full) {
        TransformResult result;
        try {
            boolean always = settings.fullRebuildEvery() != null && settings.fullRebuildEvery().isZero();
            result = new ModelRunner(warehouse, settings.modelVariables()).full(full || always)
                    .fullRebuildEvery(settings.fullRebuildEvery()).run(runId);
        } catch (ModelBuildException e) {
            // rolled back: the previous report tables (and the published copy) stay as they were
            TransformResult failed = e.result();
            return failed.failures().isEmpty()
                    ? new TransformResult(failed.models(), failed.tests(), List.of(e.getMessage()))
                    : failed;
        }
        result.warnings().forEach(w -> log.warn("transform {}: {}", runId, w));
        // after a good build only: a failed one may be retried from the same raw
        new RawRetention(warehouse::connect).apply(settings.rawRetentionDays(), Instant.now());
        publish();
        return result;
    }

    /** Writes the analysts' read-only copy (temp file, then atomic rename). */
    public void publish() {
        Publisher.publish(warehouse, settings.published(), settings.publishRaw());
    }
}
