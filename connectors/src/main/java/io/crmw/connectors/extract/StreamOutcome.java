package io.crmw.connectors.extract;

import io.crmw.connectors.http.CallStats;

/** How one stream of one run ended; also written to meta.stream_run. */
public record StreamOutcome(
        String source,
        String stream,
        String status,
        long pages,
        long records,
        long tombstones,
        CallStats http,
        Long vendorCount,
        Long warehouseCount,
        String error) {

    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String STOPPED = "stopped";
    /** The process was asked to stop (SIGTERM) while the stream ran; resumable like {@link #STOPPED}. */
    public static final String INTERRUPTED = "interrupted";
    /** Landed completely, but the vendor's count was missing from its answer: nothing was deleted by count. */
    public static final String UNVERIFIED = "unverified";

    public boolean succeeded() {
        return SUCCEEDED.equals(status) || UNVERIFIED.equals(status);
    }
}
