package io.crmw.etl.normalize.zoho;

import io.crmw.etl.normalize.CoreWrite;
import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.RawRow;
import io.crmw.etl.normalize.RecordMapper;
import io.crmw.etl.normalize.core.ActivityRow;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Calls, tasks and events (meetings) → {@code core.activity} ({@code <source>:activity:<id>}: Zoho record ids are
 * unique across modules). Related records: {@code What_Id{id}} with {@code $se_module} Deals → deal, Accounts →
 * account; {@code Who_Id{id}} → contact.
 *
 * <ul>
 *   <li>a call happens at {@code Call_Start_Time}; its direction is {@code Call_Type} (Outbound, Inbound; Missed is
 *       inbound), its outcome {@code Call_Result}, its length {@code Call_Duration_in_seconds}, else
 *       {@code Call_Duration} "mm:ss"; an outbound call is done unless {@code Outgoing_Call_Status} says
 *       otherwise (Scheduled, Overdue, Cancelled), and then it is due at its start;</li>
 *   <li>a task is due on {@code Due_Date} (midnight UTC), done when its {@code Status} (its outcome) is Completed,
 *       completed at {@code Closed_Time};</li>
 *   <li>an event is a meeting from {@code Start_DateTime} to {@code End_DateTime}, done once it has ended by the
 *       time it was extracted.</li>
 * </ul>
 */
final class ZohoActivityMapper {

    private ZohoActivityMapper() {}

    static RecordMapper calls() {
        return ZohoActivityMapper::call;
    }

    static RecordMapper tasks() {
        return ZohoActivityMapper::task;
    }

    static RecordMapper events() {
        return ZohoActivityMapper::event;
    }

    static Normalized call(RawRow raw) {
        ZohoRecord r = new ZohoRecord(raw);
        String callType = r.text("Call_Type");
        String status = r.f.lower("Outgoing_Call_Status");
        boolean done = status == null || status.equals("completed");
        Instant start = r.instant("Call_Start_Time");
        Integer seconds = r.f.integer("Call_Duration_in_seconds");
        Instant created = r.instant("Created_Time");
        return row(r, "call", callType, direction(callType), r.text("Subject"), created,
                start != null ? start : created, done ? null : start, done ? start : null, done, r.text("Call_Result"),
                seconds != null ? seconds : minutesSeconds(r.text("Call_Duration")));
    }

    static Normalized task(RawRow raw) {
        ZohoRecord r = new ZohoRecord(raw);
        String status = r.text("Status");
        boolean done = "completed".equalsIgnoreCase(status);
        Instant due = r.instant("Due_Date");
        Instant completed = done ? r.instant("Closed_Time") : null;
        Instant created = r.instant("Created_Time");
        Instant occurred = completed != null ? completed : due != null ? due : created;
        return row(r, "task", null, null, r.text("Subject"), created, occurred, due, completed, done, status, null);
    }

    static Normalized event(RawRow raw) {
        ZohoRecord r = new ZohoRecord(raw);
        Instant start = r.instant("Start_DateTime");
        Instant end = r.instant("End_DateTime");
        boolean done = end != null && !end.isAfter(r.syncedAt());
        Integer seconds = start != null && end != null && !end.isBefore(start)
                ? (int) Duration.between(start, end).toSeconds() : null;
        Instant created = r.instant("Created_Time");
        return row(r, "meeting", null, null, r.firstText("Event_Title", "Subject"), created,
                start != null ? start : created, null, done ? end : null, done, null, seconds);
    }

    private static Normalized row(ZohoRecord r, String type, String subtype, String direction, String subject,
                                  Instant created, Instant occurred, Instant due, Instant completed, boolean done,
                                  String outcome, Integer durationS) {
        String module = r.text("$se_module");
        String what = r.lookupId("What_Id");
        ActivityRow row = new ActivityRow(r.coreId("activity", r.id()), r.source(), r.id(), type, subtype, direction,
                subject, r.owner(), "Deals".equals(module) ? r.coreId("deal", what) : null,
                r.ref("contact", "Who_Id"), "Accounts".equals(module) ? r.coreId("account", what) : null, created,
                occurred, due, completed, done, outcome, durationS, null, r.deleted(), r.syncedAt());
        return Normalized.of(CoreWrite.row(ActivityRow.TABLE, r.id(), row));
    }

    /** Outbound → outbound; Inbound and Missed → inbound; anything else null. */
    static String direction(String callType) {
        if (callType == null) {
            return null;
        }
        return switch (callType.toLowerCase(Locale.ROOT)) {
            case "outbound" -> "outbound";
            case "inbound", "missed" -> "inbound";
            default -> null;
        };
    }

    /** Zoho's call duration "mm:ss" (minutes may exceed 59) → seconds; null when absent or unreadable. */
    static Integer minutesSeconds(String duration) {
        if (duration == null) {
            return null;
        }
        String[] parts = duration.trim().split(":");
        try {
            if (parts.length != 2) {
                return null;
            }
            int minutes = Integer.parseInt(parts[0].trim());
            int seconds = Integer.parseInt(parts[1].trim());
            return minutes < 0 || seconds < 0 || seconds > 59 ? null : minutes * 60 + seconds;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
