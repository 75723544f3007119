package io.crmw.etl.normalize.salesforce;

import io.crmw.etl.normalize.CoreWrite;
import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.RecordMapper;
import io.crmw.etl.normalize.core.OwnerRow;
import io.crmw.etl.normalize.core.TeamRow;

/**
 * Salesforce people: {@code User} → {@code core.owner} (its team is its {@code UserRoleId}) and {@code UserRole}
 * → {@code core.team} (the role hierarchy, {@code ParentRoleId} → parent team). Inactive users stay, inactive.
 */
final class SalesforceOwnerMapper {

    private SalesforceOwnerMapper() {}

    static RecordMapper users() {
        return raw -> {
            SalesforceRecord r = new SalesforceRecord(raw);
            String name = r.text("Name");
            if (name == null) {
                String first = r.text("FirstName");
                String last = r.text("LastName");
                name = first == null ? last : last == null ? first : first + " " + last;
            }
            boolean deleted = r.deleted();
            OwnerRow owner = new OwnerRow(r.coreId("owner", r.id()), r.source(), r.id(), name, r.f.lower("Email"),
                    r.ref("team", "UserRoleId"), !deleted && !Boolean.FALSE.equals(r.f.bool("IsActive")), deleted,
                    r.syncedAt());
            return Normalized.of(CoreWrite.row(OwnerRow.TABLE, r.id(), owner));
        };
    }

    static RecordMapper roles() {
        return raw -> {
            SalesforceRecord r = new SalesforceRecord(raw);
            TeamRow team = new TeamRow(r.coreId("team", r.id()), r.source(), r.id(), r.text("Name"),
                    r.ref("team", "ParentRoleId"), r.deleted(), r.syncedAt());
            return Normalized.of(CoreWrite.row(TeamRow.TABLE, r.id(), team));
        };
    }
}
