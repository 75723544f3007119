package io.crmw.etl.normalize.salesforce;

import io.crmw.etl.normalize.CoreIds;
import io.crmw.etl.normalize.Fields;
import io.crmw.etl.normalize.RawRow;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * One raw Salesforce sObject record as the connector lands it: the SOQL REST JSON ({@code attributes}, {@code Id},
 * typed values, datetimes like {@code 2024-05-01T09:12:44.000+0000}, dates {@code YYYY-MM-DD}) or the same fields
 * as strings (Bulk API 2.0 CSV). Lenient reads via {@link Fields}, plus the Salesforce specifics: the colon-less
 * {@code +0000} offset, percent fields, and key prefixes of polymorphic references.
 */
final class SalesforceRecord {

    /** Key prefixes of the standard objects we resolve polymorphic ids ({@code WhatId}, {@code WhoId}) by. */
    static final String OPPORTUNITY = "006";
    static final String ACCOUNT = "001";
    static final String CONTACT = "003";
    static final String LEAD = "00Q";
    static final String USER = "005";
    static final String PRODUCT = "01t";

    final RawRow raw;
    final Fields f;

    SalesforceRecord(RawRow raw) {
        this.raw = raw;
        this.f = Fields.top(raw);
    }

    String source() {
        return raw.source();
    }

    /** The record id: the payload's {@code Id}, else the raw {@code _id}. */
    String id() {
        String id = f.text("Id");
        return id != null ? id : raw.id();
    }

    /** A tombstone ({@code _deleted}) or a soft-deleted record read with queryAll ({@code IsDeleted}). */
    boolean deleted() {
        return raw.deleted() || Boolean.TRUE.equals(f.bool("IsDeleted"));
    }

    /** Fields a deleted-phase tombstone carries besides nothing else: {@code attributes, Id, <cursor>, IsDeleted}. */
    private static final java.util.Set<String> TOMBSTONE_FIELDS = java.util.Set.of("attributes", "Id", "IsDeleted",
            "SystemModstamp", "LastModifiedDate", "CreatedDate");

    /**
     * A tombstone that carries no record values (the connector's queryAll deleted phase and key-set
     * reconciliation land {@code {attributes, Id, <cursor>, IsDeleted}} only): mapping it would blank the known
     * row, so it is flagged deleted set-based instead ({@link SalesforceNormalizer#flagTombstones}).
     */
    boolean thinTombstone() {
        if (!deleted()) {
            return false;
        }
        for (String name : raw.payload().propertyNames()) {
            if (!TOMBSTONE_FIELDS.contains(name)) {
                return false;
            }
        }
        return true;
    }

    Instant syncedAt() {
        return raw.extractedAt();
    }

    String text(String field) {
        return f.text(field);
    }

    /** The first non-blank of several fields (e.g. optional custom fields), or null. */
    String firstText(String... fields) {
        for (String field : fields) {
            if (f.node().has(field)) {
                String v = f.text(field);
                if (v != null) {
                    return v;
                }
            }
        }
        return null;
    }

    /** The core id of a Salesforce record of this source, or null. */
    String coreId(String entity, String sfId) {
        return CoreIds.of(raw.source(), entity, sfId);
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

    /** A datetime: Salesforce's {@code +0000} offset is accepted besides everything {@link Fields#instant} takes. */
    Instant instant(String field) {
        String s = f.text(field);
        if (s == null) {
            return null;
        }
        String iso = isoOffset(s);
        if (iso.equals(s)) {
            return f.instant(field);
        }
        return new Fields(raw, JsonNodeFactory.instance.objectNode().put(field, iso)).instant(field);
    }

    /** A date field as is ({@code CloseDate}: no zone shift); a datetime value gives its UTC date. */
    LocalDate date(String field) {
        Instant i = instant(field);
        return i == null ? null : LocalDate.ofInstant(i, ZoneOffset.UTC);
    }

    /** A date field as the instant of its midnight UTC (for timestamptz columns fed by date-only fields). */
    Instant dateStart(String field) {
        LocalDate d = date(field);
        return d == null ? null : d.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** A percent field (0–100) as a fraction 0–1; null when absent or out of range. */
    Double percentFraction(String field) {
        return fraction(f.number(field));
    }

    static Double fraction(Double percent) {
        if (percent == null || percent < 0 || percent > 100) {
            return null;
        }
        return percent / 100.0;
    }

    /** {@code +0000} / {@code -0530} at the end of a datetime → {@code Z} / {@code -05:30}; anything else unchanged. */
    static String isoOffset(String s) {
        int n = s.length();
        if (n < 16 || s.indexOf('T') < 0) {
            return s;
        }
        char sign = s.charAt(n - 5);
        if (sign != '+' && sign != '-') {
            return s;
        }
        for (int i = n - 4; i < n; i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return s;
            }
        }
        if (s.endsWith("+0000") || s.endsWith("-0000")) {
            return s.substring(0, n - 5) + 'Z';
        }
        return s.substring(0, n - 2) + ':' + s.substring(n - 2);
    }

    static String upper(String s) {
        return s == null ? null : s.toUpperCase(Locale.ROOT);
    }
}
