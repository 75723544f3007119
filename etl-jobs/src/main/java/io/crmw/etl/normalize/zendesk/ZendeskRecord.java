package io.crmw.etl.normalize.zendesk;

import io.crmw.etl.normalize.Fields;
import io.crmw.etl.normalize.RawRow;
import io.crmw.etl.normalize.Tombstones;
import io.crmw.etl.normalize.VendorRecord;
import java.util.Set;

/**
 * One raw Zendesk record as the connectors land it (docs/zendesk.md): a Support object, or a Sell object taken out of
 * its {@code data} envelope; ISO-8601 UTC times, references as plain ids ({@code organization_id}, {@code owner_id}).
 */
final class ZendeskRecord extends VendorRecord {

    /** Sell's Firehose deletes and the ids-only pass land {@code {id, updated_at}} only: flagged, not mapped. */
    static final Tombstones TOMBSTONES = new Tombstones("_deleted", Set.of("id", "order_id", "updated_at"));

    ZendeskRecord(RawRow raw) {
        super(raw, "id", "_deleted");
    }

    /** The core id of the object a plain id field names, or null. */
    String ref(String entity, String field) {
        return coreId(entity, text(field));
    }

    /** A field of an object field, e.g. {@code via.channel}. */
    String nested(String object, String field) {
        return new Fields(raw, raw.payload().path(object)).text(field);
    }

    /** "Jane Doe" → [Jane, Doe]; one word is a last name. */
    static String[] firstAndLast(String name) {
        if (name == null) {
            return new String[2];
        }
        int space = name.indexOf(' ');
        return space < 0 ? new String[] {null, name} : new String[] {name.substring(0, space), name.substring(space + 1)};
    }
}
