package io.crmw.warehouse.state;

import java.time.Instant;

/** Where a stream of a source stands: the cursor the next page starts after, and its pass bookkeeping. */
public record SyncState(String source, String stream, String cursor, Instant passStartedAt, Instant lastSuccessAt,
                        long recordsLanded, Instant updatedAt) {}
