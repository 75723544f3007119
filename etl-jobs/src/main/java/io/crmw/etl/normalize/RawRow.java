package io.crmw.etl.normalize;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * The latest landed version of one vendor record, as the normalization reader hands it to a mapper.
 *
 * @param source      the configured source name, e.g. {@code hubspot-main}; it becomes {@code source_system}
 * @param stream      the raw stream name, e.g. {@code deals}
 * @param id          the vendor's primary key ({@code _id})
 * @param deleted     true for tombstones: the payload is the last known (archived) record
 * @param extractedAt when the connector fetched this version; it becomes {@code synced_at}
 * @param seq         the raw row's {@code _seq}
 * @param payload     the record as received, vendor field names kept
 */
public record RawRow(String source, String stream, String id, boolean deleted, Instant extractedAt, long seq,
                     JsonNode payload) {}
