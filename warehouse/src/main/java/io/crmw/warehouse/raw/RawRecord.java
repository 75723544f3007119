package io.crmw.warehouse.raw;

/**
 * One record version as the vendor sent it, on its way into {@code raw.<source>__<stream>}.
 *
 * @param id      the vendor's primary key value
 * @param cursor  the record's value of the stream's cursor field (e.g. its last-modified instant), may be null
 * @param deleted true for tombstones (archived / deleted in the vendor)
 * @param payload the record as a JSON object text, vendor field names kept
 */
public record RawRecord(String id, String cursor, boolean deleted, String payload) {}
