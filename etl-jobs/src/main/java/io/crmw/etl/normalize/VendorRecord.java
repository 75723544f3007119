package io.crmw.etl.normalize;

import java.time.Instant;

/**
 * One raw vendor record with the reads every mapper of every CRM needs: the vendor id, the deleted flag, the sync
 * time, the payload's top-level fields and core ids of this source. A CRM's record adds only what its payloads
 * spell differently (HubSpot's {@code properties}, Salesforce's key prefixes, Pipedrive's embedded references).
 */
public abstract class VendorRecord {

    public final RawRow raw;
    /** The payload's top-level fields. */
    public final Fields f;
    private final String idField;
    private final String deletedField;

    /**
     * @param idField      the payload field holding the vendor id ({@code id}, {@code Id})
     * @param deletedField the payload flag the vendor marks deleted or archived records with
     */
    protected VendorRecord(RawRow raw, String idField, String deletedField) {
        this.raw = raw;
        this.f = Fields.top(raw);
        this.idField = idField;
        this.deletedField = deletedField;
    }

    public String source() {
        return raw.source();
    }

    /** The vendor id: the payload's id field, else the raw {@code _id}. */
    public String id() {
        String id = f.text(idField);
        return id != null ? id : raw.id();
    }

    /** A tombstone ({@code _deleted}), or a record the vendor flags deleted. */
    public boolean deleted() {
        return raw.deleted() || Boolean.TRUE.equals(f.bool(deletedField));
    }

    public Instant syncedAt() {
        return raw.extractedAt();
    }

    public String text(String field) {
        return f.text(field);
    }

    /** The first non-blank of several fields (e.g. optional custom fields), or null. */
    public String firstText(String... fields) {
        return f.firstText(fields);
    }

    /** A time field, in any of the shapes {@link Fields#instant} reads. */
    public Instant instant(String field) {
        return f.instant(field);
    }

    /** The core id of an object of this source, or null when the vendor id is absent. */
    public String coreId(String entity, String vendorId) {
        return CoreIds.of(raw.source(), entity, vendorId);
    }
}
