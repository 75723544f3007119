package io.crmw.app.schedule;

import io.crmw.connectors.spi.SourceConfig;
import io.crmw.etl.pipeline.PipelineResult;
import java.time.Instant;

/** How {@code serve} runs a fired sync: in the one warehouse, or (cluster mode) in the source's leased store. */
public interface SourceSync {

    /**
     * A Quartz fire: when it was scheduled, its id, and whether it is the recovery of a fire whose node died.
     *
     * @param scheduledAt null for a manual "sync now"
     */
    record Fire(Instant scheduledAt, String fireInstanceId, boolean recovering) {}

    PipelineResult sync(SourceConfig source, String trigger, Fire fire);
}
