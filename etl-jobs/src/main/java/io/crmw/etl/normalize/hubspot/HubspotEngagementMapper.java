package io.crmw.etl.normalize.hubspot;

import io.crmw.etl.normalize.CoreWrite;
import io.crmw.etl.normalize.Fields;
import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.RawRow;
import io.crmw.etl.normalize.RecordMapper;
import io.crmw.etl.normalize.Vocabulary;
import io.crmw.etl.normalize.core.ActivityRow;
import java.time.Instant;
import java.util.Locale;

/**
 * A HubSpot engagement object (calls, emails, meetings, tasks, notes) → {@code core.activity}. The activity id
 * carries the type ({@code <source>:activity:call-<id>}) because HubSpot numbers each engagement type
 * separately.
 */
public final class HubspotEngagementMapper implements RecordMapper {

    private final String type;

    /** @param type {@code call}, {@code email}, {@code meeting}, {@code task} or {@code note} */
    public HubspotEngagementMapper(String type) {
        this.type = type;
    }

    @Override
    public Normalized map(RawRow raw) {
        HubspotRecord r = new HubspotRecord(raw);
        Fields p = r.props;
        String sourceId = type + "-" + r.id();
        String subject = null;
        String direction = null;
        String outcome = null;
        Integer durationS = null;
        String recording = null;
        Instant occurredAt = p.instant("hs_timestamp");
        Instant dueAt = null;
        Instant completedAt = null;
        Boolean done = Boolean.TRUE;
        switch (type) {
            case "call" -> {
                subject = p.text("hs_call_title");
                direction = direction(p.text("hs_call_direction"));
                outcome = p.text("hs_call_disposition");
                Long ms = p.whole("hs_call_duration");
                durationS = ms == null ? null : (int) Math.min(Integer.MAX_VALUE, Math.round(ms / 1000.0));
                recording = p.text("hs_call_recording_url");
            }
            case "email" -> {
                subject = p.text("hs_email_subject");
                direction = direction(p.text("hs_email_direction"));
            }
            case "meeting" -> {
                subject = p.text("hs_meeting_title");
                outcome = p.text("hs_meeting_outcome");
                Instant start = p.instant("hs_meeting_start_time");
                occurredAt = start != null ? start : occurredAt;
                done = outcome == null ? null : "COMPLETED".equalsIgnoreCase(outcome);
            }
            case "task" -> {
                subject = p.text("hs_task_subject");
                outcome = p.text("hs_task_status");
                dueAt = occurredAt;
                done = outcome == null ? null : "COMPLETED".equalsIgnoreCase(outcome);
                completedAt = Boolean.TRUE.equals(done) ? p.instant("hs_task_completion_date") : null;
            }
            case "note" -> subject = Vocabulary.firstLine(p.text("hs_note_body"));
            default -> throw new IllegalArgumentException("unknown engagement type " + type);
        }
        ActivityRow row = new ActivityRow(r.coreId("activity", sourceId), r.source(), sourceId, type, null,
                direction, subject, r.coreId("owner", p.text("hubspot_owner_id")),
                r.firstAssociated("deals", "deal"), r.firstAssociated("contacts", "contact"),
                r.firstAssociated("companies", "account"), r.instant("hs_createdate", "createdAt"), occurredAt,
                dueAt, completedAt, done, outcome, durationS, recording, r.deleted(), r.syncedAt());
        return Normalized.of(CoreWrite.row(ActivityRow.TABLE, sourceId, row));
    }

    /** INBOUND / INCOMING_EMAIL → inbound; OUTBOUND / EMAIL / FORWARDED_EMAIL → outbound. */
    static String direction(String raw) {
        if (raw == null) {
            return null;
        }
        String v = raw.toUpperCase(Locale.ROOT);
        if (v.startsWith("IN")) {
            return "inbound";
        }
        if (v.startsWith("OUT") || v.equals("EMAIL") || v.contains("FORWARD")) {
            return "outbound";
        }
        return null;
    }
}
