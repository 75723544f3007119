package io.crmw.etl.normalize.salesforce;

import io.crmw.etl.normalize.CoreWrite;
import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.RawRow;
import io.crmw.etl.normalize.RecordMapper;
import io.crmw.etl.normalize.core.ActivityRow;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * {@code Task} and {@code Event} → {@code core.activity} ({@code <source>:activity:<00T…|00U…>}: Salesforce ids
 * are unique across objects, so no type prefix is needed).
 *
 * <p>Task type from {@code TaskSubtype} (Call → call, Email / ListEmail → email, else task; a task with call
 * fields but no subtype is a call); the call's outcome_raw is {@code CallDisposition}, duration
 * {@code CallDurationInSeconds}, direction {@code CallType} (Inbound / Outbound; Internal → null); other tasks keep
 * their {@code Status} as outcome. An Event is a meeting at {@code StartDateTime}, done once it has ended by the
 * time it was extracted. Related records: {@code WhatId} 006… → deal, 001… → account (else the task's derived
 * {@code AccountId}); {@code WhoId} 003… → contact (a 00Q… lead has no activity column yet).
 */
final class SalesforceActivityMapper {

    private SalesforceActivityMapper() {}

    static RecordMapper tasks() {
        return SalesforceActivityMapper::task;
    }

    static RecordMapper events() {
        return SalesforceActivityMapper::event;
    }

    static Normalized task(RawRow raw) {
        SalesforceRecord r = new SalesforceRecord(raw);
        String type = taskType(r);
        Boolean closed = r.f.bool("IsClosed");
        String status = r.text("Status");
        if (closed == null && status != null) {
            closed = "completed".equalsIgnoreCase(status);
        }
        Instant created = r.instant("CreatedDate");
        Instant completed = Boolean.TRUE.equals(closed) ? r.instant("CompletedDateTime") : null;
        Instant due = r.dateStart("ActivityDate");
        Instant occurred;
        if ("task".equals(type)) {
            occurred = completed != null ? completed : due != null ? due : created;
        } else { // calls and e-mails happen when they are logged, unless Salesforce says when they were completed
            occurred = completed != null ? completed : created;
        }
        boolean call = "call".equals(type);
        ActivityRow row = new ActivityRow(r.coreId("activity", r.id()), r.source(), r.id(), type,
                r.firstText("TaskSubtype", "Type"), call ? direction(r.text("CallType")) : null, r.text("Subject"),
                r.owner("OwnerId"), r.refIf("WhatId", SalesforceRecord.OPPORTUNITY, "deal"),
                r.refIf("WhoId", SalesforceRecord.CONTACT, "contact"), account(r), created, occurred,
                "task".equals(type) ? due : null, completed, closed,
                call ? r.text("CallDisposition") : status,
                call ? r.f.integer("CallDurationInSeconds") : null, null, r.deleted(), r.syncedAt());
        return Normalized.of(CoreWrite.row(ActivityRow.TABLE, r.id(), row));
    }

    static Normalized event(RawRow raw) {
        SalesforceRecord r = new SalesforceRecord(raw);
        Instant start = r.instant("StartDateTime");
        if (start == null) {
            start = r.instant("ActivityDateTime");
        }
        if (start == null) {
            start = r.dateStart("ActivityDate"); // all-day events
        }
        Instant end = r.instant("EndDateTime");
        Integer minutes = r.f.integer("DurationInMinutes");
        Integer durationS = minutes != null ? Integer.valueOf(minutes * 60)
                : start != null && end != null && !end.isBefore(start)
                ? (int) Math.min(Integer.MAX_VALUE, Duration.between(start, end).toSeconds()) : null;
        if (end == null && start != null && minutes != null) {
            end = start.plusSeconds(minutes * 60L);
        }
        Boolean done = end == null ? null : !end.isAfter(r.syncedAt());
        ActivityRow row = new ActivityRow(r.coreId("activity", r.id()), r.source(), r.id(), "meeting",
                r.text("Type"), null, r.text("Subject"), r.owner("OwnerId"),
                r.refIf("WhatId", SalesforceRecord.OPPORTUNITY, "deal"),
                r.refIf("WhoId", SalesforceRecord.CONTACT, "contact"), account(r), r.instant("CreatedDate"), start,
                null, Boolean.TRUE.equals(done) ? end : null, done, null, durationS, null, r.deleted(), r.syncedAt());
        return Normalized.of(CoreWrite.row(ActivityRow.TABLE, r.id(), row));
    }

    static String taskType(SalesforceRecord r) {
        String subtype = r.text("TaskSubtype");
        if (subtype != null) {
            return switch (subtype.toLowerCase(Locale.ROOT)) {
                case "call" -> "call";
                case "email", "listemail" -> "email";
                default -> "task";
            };
        }
        if (r.text("CallType") != null || r.text("CallDurationInSeconds") != null || r.text("CallDisposition") != null) {
            return "call";
        }
        String type = r.text("Type"); // the older Task.Type picklist: Call, Email, Meeting, Other
        if (type != null) {
            String t = type.toLowerCase(Locale.ROOT);
            if (t.equals("call")) {
                return "call";
            }
            if (t.equals("email")) {
                return "email";
            }
        }
        return "task";
    }

    /** Inbound → inbound, Outbound → outbound; Internal and anything else → null. */
    static String direction(String callType) {
        if (callType == null) {
            return null;
        }
        return switch (callType.toLowerCase(Locale.ROOT)) {
            case "inbound" -> "inbound";
            case "outbound" -> "outbound";
            default -> null;
        };
    }

    private static String account(SalesforceRecord r) {
        String what = r.refIf("WhatId", SalesforceRecord.ACCOUNT, "account");
        return what != null ? what : r.refIf("AccountId", SalesforceRecord.ACCOUNT, "account");
    }
}
