package io.crmw.warehouse;

/**
 * Where a source's raw records, cursors and run history are written. On a single node that is the one warehouse; in
 * cluster mode each source has a DuckDB file of its own, open only on the node that holds the source's lease, so no
 * two processes ever open one file for writing.
 */
@FunctionalInterface
public interface SourceStores {

    /** The store of {@code source}; in cluster mode only while this node holds its lease. */
    Warehouse of(String source);

    /** Every source in the one warehouse (single-node mode). */
    static SourceStores single(Warehouse warehouse) {
        return source -> warehouse;
    }
}
