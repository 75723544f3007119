package io.crmw.warehouse.runs;

import java.time.Instant;

/** One pipeline run of a source, as recorded in {@code meta.sync_run}. */
public record RunSummary(String runId, String source, String trigger, boolean fullRefresh, Instant startedAt,
                         Instant finishedAt, String status, long pages, long records, long httpCalls, long retries,
                         long throttled, String error) {}
