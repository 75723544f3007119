package io.crmw.connectors.extract;

/**
 * What one extraction of a source is asked to do.
 *
 * @param allowMassDelete let a pass tombstone more than the source's {@code mass-delete-percent} of a stream's live
 *                        records (off by default: such a pass stops and says so)
 */
public record ExtractRequest(String runId, boolean fullRefresh, boolean allowMassDelete) {

    public ExtractRequest(String runId, boolean fullRefresh) {
        this(runId, fullRefresh, false);
    }
}
