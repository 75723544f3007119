package io.crmw.etl.normalize.pipedrive;

import io.crmw.etl.normalize.CoreWrite;
import io.crmw.etl.normalize.Fields;
import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.RawRow;
import io.crmw.etl.normalize.RecordMapper;
import io.crmw.etl.normalize.Vocabulary;
import io.crmw.etl.normalize.core.AccountRow;
import io.crmw.etl.normalize.core.ContactRow;
import io.crmw.etl.normalize.core.LeadRow;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Organizations → {@code core.account} (domain from {@code website}, country from the address), persons →
 * {@code core.contact} (the primary e-mail of {@code emails[]}, else the first), leads ({@code /v1/leads} and
 * {@code /v1/leads/archived}) → {@code core.lead}.
 *
 * <p>A lead is its own object in Pipedrive, linked to a person and/or an organization; archived leads are still
 * leads (status {@code archived}). Its source is {@code source_name}, else {@code origin}, else {@code channel}.
 * Converting a lead into a deal is not visible on either record, so is_converted stays unknown (null); the lead's
 * e-mail is its person's (finishing SQL).
 */
final class PipedriveContactMapper {

    private PipedriveContactMapper() {}

    static RecordMapper organizations() {
        return raw -> {
            PipedriveRecord r = new PipedriveRecord(raw);
            JsonNode address = raw.payload().path("address");
            String country = address.isObject() ? new Fields(raw, address).text("country") : r.text("address_country");
            AccountRow row = new AccountRow(r.coreId("account", r.id()), r.source(), r.id(), r.text("name"),
                    Vocabulary.domain(r.text("website")), null, null, country, r.ref("owner", "owner_id"), null,
                    r.instant("add_time"), r.instant("update_time"), r.deleted(), r.syncedAt());
            return Normalized.of(CoreWrite.row(AccountRow.TABLE, r.id(), row));
        };
    }

    static RecordMapper persons() {
        return raw -> {
            PipedriveRecord r = new PipedriveRecord(raw);
            ContactRow row = new ContactRow(r.coreId("contact", r.id()), r.source(), r.id(), r.ref("account", "org_id"),
                    primaryEmail(r), r.text("first_name"), r.text("last_name"), null, null, null,
                    r.ref("owner", "owner_id"), r.instant("add_time"), r.instant("update_time"), r.deleted(),
                    r.syncedAt());
            return Normalized.of(CoreWrite.row(ContactRow.TABLE, r.id(), row));
        };
    }

    /**
     * A Pipedrive lead has no status, only labels (Hot, Warm, Cold by default) and an archive: lead_status is
     * unqualified when archived, working when a rep labelled it, else new; lead_status_raw is filled with the label
     * names by {@link PipedriveNormalizer#LEAD_STATUS_FROM_LABELS}.
     */
    static RecordMapper leads() {
        return raw -> {
            PipedriveRecord r = new PipedriveRecord(raw);
            boolean archived = Boolean.TRUE.equals(r.f.bool("is_archived"));
            JsonNode labels = raw.payload().path("label_ids");
            String leadStatus = archived ? "unqualified" : labels.isArray() && !labels.isEmpty() ? "working" : "new";
            LeadRow row = new LeadRow(r.coreId("lead", r.id()), r.source(), r.id(), r.ref("contact", "person_id"),
                    r.ref("account", "organization_id"), null, r.instant("add_time"), r.ref("owner", "owner_id"),
                    archived ? "archived" : "open", r.firstText("source_name", "origin", "channel"), null, null, null,
                    null, null, null, r.deleted(), r.syncedAt(), null, null, leadStatus);
            return Normalized.of(CoreWrite.row(LeadRow.TABLE, r.id(), row));
        };
    }

    /** The e-mail marked primary in {@code emails[]} (v1: {@code email[]} or a plain string), else the first; lower case. */
    static String primaryEmail(PipedriveRecord r) {
        JsonNode emails = r.raw.payload().has("emails") ? r.raw.payload().path("emails") : r.raw.payload().path("email");
        if (!emails.isArray()) {
            return r.f.lower("email");
        }
        String first = null;
        for (JsonNode e : emails) {
            Fields email = new Fields(r.raw, e);
            String value = email.text("value");
            if (value == null) {
                continue;
            }
            if (Boolean.TRUE.equals(email.bool("primary"))) {
                return value.toLowerCase(Locale.ROOT);
            }
            if (first == null) {
                first = value.toLowerCase(Locale.ROOT);
            }
        }
        return first;
    }
}
