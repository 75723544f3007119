package io.crmw.warehouse.raw;

/** What one landed page held: all records, of which {@code tombstones} were deletes. */
public record LandResult(int records, int tombstones) {}
