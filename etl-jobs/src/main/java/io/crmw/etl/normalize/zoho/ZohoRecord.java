package io.crmw.etl.normalize.zoho;

import io.crmw.etl.normalize.Fields;
import io.crmw.etl.normalize.RawRow;
import io.crmw.etl.normalize.Tombstones;
import io.crmw.etl.normalize.VendorRecord;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * One raw Zoho CRM record as the connector lands it (docs/zoho.md): a v8 module record with ISO-8601 times in the
 * org's offset (read as UTC instants by {@link Fields}) and lookups as {@code {name, id}} objects
 * ({@code Owner}, {@code Account_Name}, {@code What_Id}, …).
 */
final class ZohoRecord extends VendorRecord {

    /** Zoho records carry no deleted flag: deletes come only as tombstones (the deleted feed, the ids-only pass). */
    static final String NO_DELETED_FLAG = "_deleted";

    /** A deleted-feed entry ({@code id, display_name, type, deleted_time, deleted_by}) is flagged, not mapped. */
    static final Tombstones TOMBSTONES = new Tombstones(NO_DELETED_FLAG,
            Set.of("id", "display_name", "type", "deleted_time", "deleted_by", "created_by"));

    ZohoRecord(RawRow raw) {
        super(raw, "id", NO_DELETED_FLAG);
    }

    /** The id a lookup field holds: its object's {@code id}, or a plain id. */
    String lookupId(String field) {
        return lookupId(raw.payload(), field);
    }

    /** The id a lookup field of {@code parent} (the payload or one of its objects) holds. */
    String lookupId(JsonNode parent, String field) {
        JsonNode v = parent.path(field);
        return v.isObject() ? new Fields(raw, v).text("id") : new Fields(raw, parent).text(field);
    }

    /** The core id of the object a lookup field points to, or null. */
    String ref(String entity, String field) {
        return coreId(entity, lookupId(field));
    }

    String owner() {
        return ref("owner", "Owner");
    }
}
