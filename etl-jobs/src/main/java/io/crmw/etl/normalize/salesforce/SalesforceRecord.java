package io.crmw.etl.normalize.salesforce;

import io.crmw.etl.normalize.Fields;
import io.crmw.etl.normalize.RawRow;
import io.crmw.etl.normalize.Tombstones;
import io.crmw.etl.normalize.VendorRecord;
import io.crmw.etl.normalize.Vocabulary;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * One raw Salesforce sObject record as the connector lands it: the SOQL REST JSON ({@code attributes}, {@code Id},
 * typed values, datetimes like {@code 2024-05-01T09:12:44.000+0000}, dates {@code YYYY-MM-DD}) or the same fields
 * as strings (Bulk API 2.0 CSV). Lenient reads via {@link Fields} (which also takes the colon-less {@code +0000}
 * offset), plus the Salesforce specifics: percent fields, key prefixes of polymorphic references, thin tombstones.
 */
final class SalesforceRecord extends VendorRecord {

    /** Key prefixes of the standard objects we resolve polymorphic ids ({@code WhatId}, {@code WhoId}) by. */
    static final String OPPORTUNITY = "006";
    static final String ACCOUNT = "001";
    static final String CONTACT = "003";
    static final String LEAD = "00Q";
    static final String USER = "005";
    static final String PRODUCT = "01t";

    /**
     * Deleted feeds of earlier versions and key-set reconciliation land {@code {attributes, Id, <cursor>,
     * IsDeleted}} only: such thin tombstones are flagged deleted set-based instead of mapped.
     */
    static final Tombstones TOMBSTONES = new Tombstones("IsDeleted", Set.of("attributes", "Id", "IsDeleted",
            "SystemModstamp", "LastModifiedDate", "CreatedDate"));

    SalesforceRecord(RawRow raw) {
        super(raw, "Id", "IsDeleted");
    }

    /** The core id of a reference field ({@code AccountId} → {@code <source>:account:001…}), or null. */
    String ref(String entity, String field) {
        return coreId(entity, f.text(field));
    }

    /** The core id of a polymorphic reference when its key prefix is {@code prefix}, else null. */
    String refIf(String field, String prefix, String entity) {
        String id = f.text(field);
        return id != null && id.startsWith(prefix) ? coreId(entity, id) : null;
    }

    /** An owner reference: users only ({@code 005…}); a queue or group owner ({@code 00G…}) is no owner. */
    String owner(String field) {
        return refIf(field, USER, "owner");
    }

    /** A date field as is ({@code CloseDate}: no zone shift); a datetime value gives its UTC date. */
    LocalDate date(String field) {
        return f.date(field);
    }

    /** A date field as the instant of its midnight UTC (for timestamptz columns fed by date-only fields). */
    Instant dateStart(String field) {
        LocalDate d = date(field);
        return d == null ? null : d.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** A percent field (0–100) as a fraction 0–1; null when absent or out of range. */
    Double percentFraction(String field) {
        return Vocabulary.percentFraction(f.number(field));
    }
}
