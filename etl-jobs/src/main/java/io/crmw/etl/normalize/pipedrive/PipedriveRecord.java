package io.crmw.etl.normalize.pipedrive;

import io.crmw.etl.normalize.Fields;
import io.crmw.etl.normalize.RawRow;
import io.crmw.etl.normalize.Tombstones;
import io.crmw.etl.normalize.VendorRecord;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * One raw Pipedrive object as the connector lands it (docs/pipedrive.md): a v2 object (RFC 3339 times, plain ids
 * such as {@code owner_id: 18}) or a v1 one ({@code YYYY-MM-DD HH:MM:SS} UTC times, references sometimes embedded
 * as objects: {@code user_id: {id, name, …}}, {@code org_id: {value, name, …}}). Lenient reads via {@link Fields},
 * which parses both time shapes.
 */
final class PipedriveRecord extends VendorRecord {

    /** An ids-only pass may land a tombstone with nothing but its id: it is flagged, not mapped. */
    static final Tombstones TOMBSTONES = new Tombstones("is_deleted",
            Set.of("id", "deal_id", "update_time", "is_deleted"));

    PipedriveRecord(RawRow raw) {
        super(raw, "id", "is_deleted");
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
}
