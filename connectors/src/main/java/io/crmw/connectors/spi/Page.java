package io.crmw.connectors.spi;

import io.crmw.warehouse.raw.RawRecord;
import java.util.List;

/**
 * One page of a stream.
 *
 * @param records     the records of the page, tombstones included (may be empty, e.g. a page of only skips)
 * @param cursorAfter the cursor to store with this page; the next {@link Stream#read} starts from it
 * @param last        true when this run's pass over the stream is complete; cursorAfter then holds the
 *                    state the next run starts from (e.g. the new high-water mark)
 */
public record Page(List<RawRecord> records, String cursorAfter, boolean last) {
    public Page {
        records = List.copyOf(records);
    }
}
