package io.crmw.etl.normalize.pipedrive;

import io.crmw.etl.normalize.CoreWrite;
import io.crmw.etl.normalize.Fields;
import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.RawRow;
import io.crmw.etl.normalize.RecordMapper;
import io.crmw.etl.normalize.Vocabulary;
import io.crmw.etl.normalize.core.ActivityRow;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import tools.jackson.databind.JsonNode;

/**
 * Activities ({@code /api/v2/activities}) and notes ({@code /v1/notes}) → {@code core.activity}.
 *
 * <p>An activity's {@code type} is its activity type's key: call → call, meeting and lunch → meeting, email →
 * email, task, deadline and custom types → task; the key itself is the subtype. Its due instant is
 * {@code due_date} + {@code due_time} (UTC; midnight when it has no time), which is also when it occurred;
 * {@code duration} "HH:MM" is its length; {@code done} / {@code marked_as_done_time} say whether and when it was
 * completed. The contact is {@code person_id}, else the primary participant. Notes are activities of type note
 * ({@code note-<id>}: notes and activities are numbered separately), whose subject is the text's first line;
 * a note with {@code active_flag: false} is deleted.
 */
final class PipedriveActivityMapper {

    private PipedriveActivityMapper() {}

    static RecordMapper activities() {
        return PipedriveActivityMapper::activity;
    }

    static RecordMapper notes() {
        return PipedriveActivityMapper::note;
    }

    static Normalized activity(RawRow raw) {
        PipedriveRecord r = new PipedriveRecord(raw);
        String key = r.f.lower("type");
        Instant due = dueAt(r.f.date("due_date"), r.text("due_time"));
        Boolean done = r.f.bool("done");
        Instant completed = Boolean.TRUE.equals(done) ? r.instant("marked_as_done_time") : null;
        Instant created = r.instant("add_time");
        ActivityRow row = new ActivityRow(r.coreId("activity", r.id()), r.source(), r.id(), type(key), key, null,
                r.text("subject"), r.ref("owner", "owner_id", "user_id"), r.ref("deal", "deal_id"), contact(r),
                r.ref("account", "org_id"), created, due != null ? due : completed != null ? completed : created, due,
                completed, done, null, durationSeconds(r.text("duration")), null, r.deleted(), r.syncedAt());
        return Normalized.of(CoreWrite.row(ActivityRow.TABLE, r.id(), row));
    }

    static Normalized note(RawRow raw) {
        PipedriveRecord r = new PipedriveRecord(raw);
        String sourceId = "note-" + r.id();
        Instant created = r.instant("add_time");
        ActivityRow row = new ActivityRow(r.coreId("activity", sourceId), r.source(), sourceId, "note", null, null,
                Vocabulary.firstLine(r.text("content")), r.ref("owner", "user_id", "owner_id"), r.ref("deal", "deal_id"),
                r.ref("contact", "person_id"), r.ref("account", "org_id"), created, created, null, null, Boolean.TRUE,
                null, null, null, r.deleted() || Boolean.FALSE.equals(r.f.bool("active_flag")), r.syncedAt());
        return Normalized.of(CoreWrite.row(ActivityRow.TABLE, sourceId, row));
    }

    /** Pipedrive's standard activity type keys → core types; custom types are tasks. */
    static String type(String key) {
        if (key == null) {
            return "task";
        }
        return switch (key) {
            case "call" -> "call";
            case "meeting", "lunch" -> "meeting";
            case "email" -> "email";
            default -> "task";
        };
    }

    /** {@code due_date} at {@code due_time} ("HH:MM" or "HH:MM:SS", UTC), midnight UTC without a time. */
    static Instant dueAt(LocalDate date, String time) {
        if (date == null) {
            return null;
        }
        LocalTime at = LocalTime.MIDNIGHT;
        if (time != null) {
            try {
                at = LocalTime.parse(time);
            } catch (DateTimeParseException e) {
                at = LocalTime.MIDNIGHT; // an unreadable time still leaves the day
            }
        }
        return date.atTime(at).toInstant(ZoneOffset.UTC);
    }

    /** "HH:MM" (or "HH:MM:SS") → seconds; null when absent or unreadable. */
    static Integer durationSeconds(String duration) {
        if (duration == null) {
            return null;
        }
        String[] parts = duration.split(":");
        if (parts.length < 2 || parts.length > 3) {
            return null;
        }
        try {
            int seconds = 0;
            for (String part : parts) {
                int v = Integer.parseInt(part.trim());
                if (v < 0) {
                    return null;
                }
                seconds = seconds * 60 + v;
            }
            return parts.length == 2 ? seconds * 60 : seconds;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** {@code person_id}, else the participant marked primary, else the first participant. */
    private static String contact(PipedriveRecord r) {
        String person = r.ref("contact", "person_id");
        if (person != null) {
            return person;
        }
        String first = null;
        for (JsonNode p : r.raw.payload().path("participants")) {
            Fields participant = new Fields(r.raw, p);
            String id = participant.text("person_id");
            if (id != null && Boolean.TRUE.equals(participant.bool("primary"))) {
                return r.coreId("contact", id);
            }
            if (first == null) {
                first = id;
            }
        }
        return r.coreId("contact", first);
    }
}
