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
 */
public final class Transformer {
    private static final Logger log = LoggerFactory.getLogger(Transformer.class);

    private final Warehouse warehouse;
    private final TransformSettings settings;

    public Transformer(Warehouse warehouse, TransformSettings settings) {
        this.warehouse = warehouse;
        this.settings = settings;
    }

    public TransformResult transform(String runId) {
        return transform(runId, false);
    }

    /** {@code full}: every model is rebuilt from scratch and every data test runs on everything. */
    public TransformResult transform(String runId, boolean full) {
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
