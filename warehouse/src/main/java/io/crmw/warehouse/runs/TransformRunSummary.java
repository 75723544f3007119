package io.crmw.warehouse.runs;

import java.time.Instant;

/** One model build, as recorded in {@code meta.transform_run}. */
public record TransformRunSummary(String runId, Instant startedAt, Instant finishedAt, String status, int modelsBuilt,
                                  int testsRun, int testsFailed, String error) {}
