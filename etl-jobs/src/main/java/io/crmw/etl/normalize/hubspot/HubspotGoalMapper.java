package io.crmw.etl.normalize.hubspot;

import io.crmw.etl.normalize.CoreWrite;
import io.crmw.etl.normalize.Fields;
import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.RawRow;
import io.crmw.etl.normalize.RecordMapper;
import io.crmw.etl.normalize.Vocabulary;
import io.crmw.etl.normalize.core.GoalRow;

/**
 * A HubSpot goal target → {@code core.goal} (metric {@code revenue}: the target is an amount). HubSpot names
 * the assignee by user id, not owner id: the mapper writes the placeholder {@code <source>:user:<userId>}
 * and {@link HubspotNormalizer}'s finishing SQL swaps it for the owner whose {@code userId} matches.
 */
public final class HubspotGoalMapper implements RecordMapper {

    @Override
    public Normalized map(RawRow raw) {
        HubspotRecord r = new HubspotRecord(raw);
        Fields p = r.props;
        String userId = p.text("hs_assignee_user_id");
        String teamId = p.text("hs_assignee_team_id");
        String assigneeType = userId != null ? "owner" : teamId != null ? "team" : "company";
        String assigneeId = userId != null ? r.coreId("user", userId) : r.coreId("team", teamId);
        GoalRow row = new GoalRow(r.coreId("goal", r.id()), r.source(), r.id(), p.text("hs_goal_name"), "revenue",
                assigneeType, assigneeId, p.date("hs_start_datetime"), p.date("hs_end_datetime"),
                p.decimal("hs_target_amount", 2), Vocabulary.upper(p.text("hs_currency")), r.deleted(), r.syncedAt());
        return Normalized.of(CoreWrite.row(GoalRow.TABLE, r.id(), row));
    }
}
