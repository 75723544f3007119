package io.crmw.warehouse.raw;

/**
 * When a {@link RawLanding.PageBatch} commits: after the page that brings it to {@code maxRows} rows, or after a page
 * that lands {@code maxMillis} after the batch opened. Bounds the work a crash makes the next run re-read.
 */
public record BatchBounds(int maxRows, long maxMillis) {

    /** Every page its own transaction. */
    public static final BatchBounds ONE_PAGE = new BatchBounds(1, 0);

    /** A first load's pages of 100–2,000 records land ~10,000 rows per commit, at most 2 s apart. */
    public static final BatchBounds DEFAULT = new BatchBounds(10_000, 2_000);

    public BatchBounds {
        if (maxRows < 1 || maxMillis < 0) {
            throw new IllegalArgumentException("batch bounds must be positive: " + maxRows + " rows, " + maxMillis + " ms");
        }
    }
}
