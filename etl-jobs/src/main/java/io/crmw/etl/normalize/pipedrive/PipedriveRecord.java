package io.crmw.etl.normalize.pipedrive;

import io.crmw.etl.normalize.CoreIds;
import io.crmw.etl.normalize.Fields;
import io.crmw.etl.normalize.RawRow;
import io.crmw.etl.normalize.Tombstones;
import java.time.Instant;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * One raw Pipedrive object as the connector lands it (docs/pipedrive.md): a v2 object (RFC 3339 times, plain ids
 * such as {@code owner_id: 18}) or a v1 one ({@code YYYY-MM-DD HH:MM:SS} UTC times, references sometimes embedded
 * as objects: {@code user_id: {id, name, …}}, {@code org_id: {value, name, …}}). Lenient reads via {@link Fields},
 * which parses both time shapes.
 */
final class PipedriveRecord {

    /** An ids-only pass may land a tombstone with nothing but its id: it is flagged, not mapped. */
    static final Tombstones TOMBSTONES = new Tombstones("is_deleted",
            Set.of("id", "deal_id", "update_time", "is_deleted"));

    final RawRow raw;
    final Fields f;

    PipedriveRecord(RawRow raw) {
        this.raw = raw;
        this.f = Fields.top(raw);
    }

    String source() {
        return raw.source();
    }

    /** The vendor id: the payload's {@code id}, else the raw {@code _id}. */
    String id() {
        String id = f.text("id");
        return id != null ? id : raw.id();
    }

    /** A tombstone, or a record Pipedrive marks deleted ({@code is_deleted}). */
    boolean deleted() {
        return raw.deleted() || Boolean.TRUE.equals(f.bool("is_deleted"));
    }

    Instant syncedAt() {
        return raw.extractedAt();
    }

    String text(String field) {
        return f.text(field);
    }

    Instant instant(String field) {
        return f.instant(field);
    }

    /** The core id of a Pipedrive object of this source, or null. */
    String coreId(String entity, String vendorId) {
        return CoreIds.of(raw.source(), entity, vendorId);
    }

    /** The id a reference field holds: a plain id (v2), or v1's embedded object's {@code value} / {@code id}. */
    String refId(String field) {
        JsonNode v = raw.payload().path(field);
        if (v.isObject()) {
            Fields embedded = new Fields(raw, v);
            String id = embedded.text("value");
            return id != null ? id : embedded.text("id");
        }
        return f.text(field);
    }

    /** The core id of the first of several reference fields that is set ({@code owner_id}, v1's {@code user_id}). */
    String ref(String entity, String... fields) {
        for (String field : fields) {
            String id = refId(field);
            if (id != null) {
                return coreId(entity, id);
            }
        }
        return null;
    }

    /** The first non-blank of several text fields, or null. */
    String firstText(String... fields) {
        return f.firstText(fields);
    }
}
