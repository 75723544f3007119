package io.crmw.connectors.spi;

import java.io.IOException;
import java.util.OptionalLong;

/**
 * One vendor collection (deals, contacts, owners, ...). Given the cursor after the last committed page,
 * reads the next page. A cursor is an opaque string owned by the stream (often a small JSON document);
 * the framework stores it verbatim in the same transaction as the page's records.
 */
public interface Stream {

    /** Stable name, used in table names ({@code raw.<source>__<name>}), logs and metrics. */
    String name();

    /** Field in the payload that identifies a record (informational; {@link RawRecord#id()} carries the value). */
    String primaryKey();

    /** Field in the payload that orders changes (informational; e.g. {@code hs_lastmodifieddate}). */
    String cursorField();

    SyncMode mode();

    /**
     * Reads the page after {@code cursor}; {@code null} means start from scratch (first run or full refresh).
     * The returned page's {@link Page#cursorAfter()} is what the next call (possibly in a later process) gets.
     */
    Page read(String cursor) throws IOException;

    /**
     * The vendor's own count of live records in this stream, when the API offers one (HubSpot search
     * {@code total}); empty when it does not. Compared with the warehouse after each stream.
     */
    default OptionalLong vendorCount() throws IOException {
        return OptionalLong.empty();
    }

    /**
     * The vendor's count of live records as answered along with this pass's pages (in the same call, so it cost
     * nothing), when there was one; empty otherwise. The extractor takes it when it equals the warehouse's count and
     * asks {@link #vendorCount} again when it does not (it may predate a change made during the pass).
     */
    default OptionalLong countFromPass() {
        return OptionalLong.empty();
    }

    /**
     * True when the stream can list the ids of its live records without their fields ({@link #readIds}); hard deletes
     * are then found by reading ids only, never by re-reading full records.
     */
    default boolean listsIds() {
        return false;
    }

    /**
     * The page of live ids after {@code token} (null: the first page); only when {@link #listsIds()}. A page that is
     * not a valid listing throws, so an ids pass that ends normally saw every live id.
     */
    default IdPage readIds(String token) throws IOException {
        throw new UnsupportedOperationException(name() + " cannot list ids");
    }
}
