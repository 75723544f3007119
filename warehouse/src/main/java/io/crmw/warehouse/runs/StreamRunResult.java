package io.crmw.warehouse.runs;

/**
 * How one stream of a run ended. {@code status} is succeeded | failed | stopped; {@code vendorCount} is the
 * vendor's own live count when its API gives one, {@code warehouseCount} the live count landed.
 */
public record StreamRunResult(String status, long pages, long records, long tombstones, long httpCalls, long retries,
                              long throttled, Long vendorCount, Long warehouseCount, String cursorAfter, String error) {}
