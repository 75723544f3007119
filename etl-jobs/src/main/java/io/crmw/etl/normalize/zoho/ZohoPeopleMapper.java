package io.crmw.etl.normalize.zoho;

import io.crmw.etl.normalize.CoreWrite;
import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.RecordMapper;
import io.crmw.etl.normalize.core.OwnerRow;
import io.crmw.etl.normalize.core.TeamRow;

/**
 * Users ({@code /users?type=AllUsers}: {@code id, full_name, email, role{name,id}, status}) → {@code core.owner},
 * their team being their role; roles ({@code /settings/roles}: {@code id, name, display_label, reporting_to{}})
 * → {@code core.team}, the role hierarchy as parent teams. Users whose status is not {@code active} (disabled,
 * deleted) stay, inactive.
 */
final class ZohoPeopleMapper {

    private ZohoPeopleMapper() {}

    static RecordMapper users() {
        return raw -> {
            ZohoRecord r = new ZohoRecord(raw);
            String name = r.text("full_name");
            if (name == null) {
                String first = r.text("first_name");
                String last = r.text("last_name");
                name = first == null ? last : last == null ? first : first + " " + last;
            }
            boolean deleted = r.deleted();
            OwnerRow owner = new OwnerRow(r.coreId("owner", r.id()), r.source(), r.id(), name, r.f.lower("email"),
                    r.ref("team", "role"), !deleted && "active".equals(r.f.lower("status")), deleted, r.syncedAt());
            return Normalized.of(CoreWrite.row(OwnerRow.TABLE, r.id(), owner));
        };
    }

    static RecordMapper roles() {
        return raw -> {
            ZohoRecord r = new ZohoRecord(raw);
            TeamRow team = new TeamRow(r.coreId("team", r.id()), r.source(), r.id(),
                    r.firstText("display_label", "name"), r.ref("team", "reporting_to"), r.deleted(), r.syncedAt());
            return Normalized.of(CoreWrite.row(TeamRow.TABLE, r.id(), team));
        };
    }
}
