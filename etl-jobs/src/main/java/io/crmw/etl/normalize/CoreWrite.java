package io.crmw.etl.normalize;

import java.util.List;

/**
 * "Within {@code core.<table>}, the rows of this source whose {@code keyColumn} equals {@code key} are now
 * exactly {@code rows}". The writer deletes the old rows for the key and inserts the new ones, which is
 * what makes a chunk write idempotent and lets a record drop child rows (a contact that stopped being a
 * lead writes an empty list for its lead key).
 */
public record CoreWrite(String table, String keyColumn, String key, List<? extends CoreRow> rows) {

    public CoreWrite {
        rows = List.copyOf(rows);
    }

    /** The usual case: the row keyed by its own {@code source_id}. */
    public static CoreWrite row(String table, String sourceId, CoreRow row) {
        return new CoreWrite(table, "source_id", sourceId, List.of(row));
    }

    /** All rows of a child table that belong to one parent (e.g. a deal's stage history by {@code deal_id}). */
    public static CoreWrite children(String table, String parentColumn, String parentKey, List<? extends CoreRow> rows) {
        return new CoreWrite(table, parentColumn, parentKey, rows);
    }
}
