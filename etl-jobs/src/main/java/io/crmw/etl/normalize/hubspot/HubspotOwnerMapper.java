package io.crmw.etl.normalize.hubspot;

import io.crmw.etl.normalize.CoreIds;
import io.crmw.etl.normalize.CoreWrite;
import io.crmw.etl.normalize.Fields;
import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.RawRow;
import io.crmw.etl.normalize.RecordMapper;
import io.crmw.etl.normalize.core.OwnerRow;
import io.crmw.etl.normalize.core.TeamRow;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A HubSpot owner ({@code /crm/v3/owners}: {@code id, email, firstName, lastName, userId, archived, teams[]})
 * → {@code core.owner} plus one {@code core.team} row per team it lists. The owner's team is its
 * {@code primary} team, else its first. Archived owners are inactive, not deleted.
 */
public final class HubspotOwnerMapper implements RecordMapper {

    @Override
    public Normalized map(RawRow raw) {
        Fields f = Fields.top(raw);
        String id = f.text("id") != null ? f.text("id") : raw.id();
        String source = raw.source();
        List<CoreWrite> writes = new ArrayList<>();
        String primaryTeam = null;
        for (JsonNode team : raw.payload().path("teams")) {
            Fields t = new Fields(raw, team);
            String teamId = t.text("id");
            if (teamId == null) {
                continue;
            }
            if (primaryTeam == null || Boolean.TRUE.equals(t.bool("primary"))) {
                primaryTeam = teamId;
            }
            writes.add(CoreWrite.row(TeamRow.TABLE, teamId, new TeamRow(CoreIds.of(source, "team", teamId), source,
                    teamId, t.text("name"), null, false, raw.extractedAt())));
        }
        String name = String.join(" ", nonNull(f.text("firstName"), f.text("lastName")));
        Boolean archived = f.bool("archived");
        OwnerRow owner = new OwnerRow(CoreIds.of(source, "owner", id), source, id,
                name.isEmpty() ? null : name, f.lower("email"), CoreIds.of(source, "team", primaryTeam),
                !raw.deleted() && !Boolean.TRUE.equals(archived), raw.deleted(), raw.extractedAt(), f.text("userId"));
        writes.add(0, CoreWrite.row(OwnerRow.TABLE, id, owner));
        return new Normalized(writes);
    }

    private static List<String> nonNull(String... parts) {
        List<String> out = new ArrayList<>();
        for (String p : parts) {
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }
}
