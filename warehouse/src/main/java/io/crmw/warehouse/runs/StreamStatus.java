package io.crmw.warehouse.runs;

import java.time.Instant;

/** The last run of one stream of a source, for {@code crmw status}; {@code finishedAt} null while running. */
public record StreamStatus(String source, String stream, String runId, Instant startedAt, Instant finishedAt,
                           String status, long pages, long records, long tombstones, Long vendorCount,
                           Long warehouseCount, String cursorBefore, String cursorAfter, String error) {}
