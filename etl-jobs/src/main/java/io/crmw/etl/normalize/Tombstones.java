package io.crmw.etl.normalize;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How a CRM's deletes reach core when some tombstones carry no record values (a deleted feed or a key-set
 * reconciliation lands only the id and a few bookkeeping fields): such a thin tombstone writes nothing, because
 * mapping it would blank the known row, and the row is flagged deleted set-based instead. A tombstone with the
 * full record, and a restore, are mapped as usual.
 *
 * @param softDeleteField the payload's boolean field that marks a soft-deleted record ({@code IsDeleted})
 * @param thinFields      the fields a thin tombstone may carry; one with any other field is a full record
 */
public record Tombstones(String softDeleteField, Set<String> thinFields) {

    public Tombstones {
        thinFields = Set.copyOf(thinFields);
    }

    /** A tombstone ({@code _deleted}, or the soft-delete field true) that carries only {@link #thinFields}. */
    public boolean isThin(RawRow raw) {
        if (!raw.deleted() && !"true".equalsIgnoreCase(raw.payload().path(softDeleteField).asString(""))) {
            return false;
        }
        for (String name : raw.payload().propertyNames()) {
            if (!thinFields.contains(name)) {
                return false;
            }
        }
        return true;
    }

    /** The mapper, writing nothing for thin tombstones. */
    public RecordMapper skippingThin(RecordMapper mapper) {
        return raw -> isThin(raw) ? Normalized.of() : mapper.map(raw);
    }

    /** Rows of {@code core.<table>} whose latest raw version is a tombstone or soft-deleted are flagged deleted. */
    public String flagSql(String table) {
        return flagSql(table, "source_id", "_id");
    }

    /**
     * Rows of {@code core.<table>} whose {@code column} is {@code keyOfId} (an SQL expression of the raw {@code _id},
     * e.g. {@code {source} || ':deal:' || _id} for a parent's children) are flagged deleted when that raw record's
     * latest version is a tombstone or soft-deleted. Their {@code synced_at} becomes the tombstone's extraction time,
     * as a mapped row's would: the report build finds what changed by it.
     */
    public String flagSql(String table, String column, String keyOfId) {
        return """
                update core.%1$s as c
                set is_deleted = true, synced_at = greatest(c.synced_at, t._extracted_at)
                from (select %3$s as flagged_key, _extracted_at from {raw_table}
                      qualify row_number() over (partition by _id order by _seq desc) = 1
                          and (_deleted or lower(payload->>'%4$s') = 'true')) as t
                where c.source_system = {source} and not c.is_deleted and c.%2$s = t.flagged_key"""
                .formatted(table, column, keyOfId, softDeleteField);
    }

    /** A stream into {@code core.<table>} keyed by the raw id: thin tombstones skipped, then flagged, then {@code finishSql}. */
    public StreamNormalizer stream(String stream, String table, RecordMapper mapper, String... finishSql) {
        List<String> sql = new ArrayList<>();
        sql.add(flagSql(table));
        sql.addAll(List.of(finishSql));
        return new StreamNormalizer(stream, skippingThin(mapper), sql);
    }
}
