package io.crmw.connectors.spi;

/** How a stream finds changes. */
public enum SyncMode {
    /** Reads only what changed since the cursor; deletes arrive as tombstones from a vendor feed. */
    INCREMENTAL,
    /**
     * Reads everything on every run (cursor = page token, so a crash resumes mid-pass); records live in the
     * warehouse but not seen in a completed pass are tombstoned by the framework (key-set reconciliation).
     */
    FULL_REFRESH
}
