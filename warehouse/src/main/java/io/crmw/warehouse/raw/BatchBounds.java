package io.crmw.warehouse.raw;

/**
 * When a {@link RawLanding.PageBatch} commits: after the page that brings it to {@code maxRows} rows or
 * {@code maxPayloadChars} characters of payload, or after a page that lands {@code maxMillis} after the batch opened.
 * Bounds the work a crash makes the next run re-read, and the memory an open batch holds in DuckDB until it commits.
 */
public record BatchBounds(int maxRows, long maxPayloadChars, long maxMillis) {

    /** Every page its own transaction. */
    public static final BatchBounds ONE_PAGE = new BatchBounds(1, 0);

    /**
     * A first load's pages of 100–2,000 records land up to 50,000 rows or 32M characters of payload per commit, at most
     * 2 s apart. Fewer, larger commits cost DuckDB less: with 10,000 rows per commit, landing 200,000 HubSpot deals
     * over loopback took 4.7–5.5 s, with 50,000 3.9–4.9 s (docs/benchmarks.md). The character bound keeps a batch of
     * wide records (contacts with hundreds of properties) to some tens of MB of native memory per stream.
     */
    public static final BatchBounds DEFAULT = new BatchBounds(50_000, 32L << 20, 2_000);

    /** No bound on payload size beyond the row count's. */
    public BatchBounds(int maxRows, long maxMillis) {
        this(maxRows, Long.MAX_VALUE, maxMillis);
    }

    public BatchBounds {
        if (maxRows < 1 || maxPayloadChars < 1 || maxMillis < 0) {
            throw new IllegalArgumentException("batch bounds must be positive: " + maxRows + " rows, " + maxPayloadChars
                    + " payload characters, " + maxMillis + " ms");
        }
    }
}
