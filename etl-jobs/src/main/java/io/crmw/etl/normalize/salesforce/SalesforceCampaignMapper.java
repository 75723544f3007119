package io.crmw.etl.normalize.salesforce;

import io.crmw.etl.normalize.CoreWrite;
import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.RecordMapper;
import io.crmw.etl.normalize.Vocabulary;
import io.crmw.etl.normalize.core.CampaignRow;
import java.util.List;

/**
 * {@code Campaign} → {@code core.campaign} and {@code CampaignMember} → {@code core.campaign_member} (a member
 * is a lead or a contact; {@code FirstRespondedDate} is a date, stored as its midnight UTC). CampaignMember
 * deletes are hard deletes in Salesforce: they arrive as reconciliation tombstones and are flagged.
 */
final class SalesforceCampaignMapper {

    private SalesforceCampaignMapper() {}

    static RecordMapper campaigns() {
        return raw -> {
            SalesforceRecord r = new SalesforceRecord(raw);
            CampaignRow row = new CampaignRow(r.coreId("campaign", r.id()), r.source(), r.id(), r.text("Name"),
                    r.text("Type"), null, r.date("StartDate"), r.date("EndDate"), r.f.decimal("BudgetedCost", 2),
                    r.f.decimal("ActualCost", 2), Vocabulary.upper(r.text("CurrencyIsoCode")), r.deleted(),
                    r.syncedAt());
            return Normalized.of(CoreWrite.row(CampaignRow.TABLE, r.id(), row));
        };
    }

    static RecordMapper members() {
        return raw -> {
            SalesforceRecord r = new SalesforceRecord(raw);
            CampaignMemberRow row = new CampaignMemberRow(r.ref("campaign", "CampaignId"), r.source(), r.id(),
                    r.ref("contact", "ContactId"), r.ref("lead", "LeadId"), r.text("Status"),
                    r.f.bool("HasResponded"), r.dateStart("FirstRespondedDate"), r.deleted(), r.syncedAt());
            // campaign_id is not null in core: a member without one is dropped (and any older row of it removed)
            return Normalized.of(CoreWrite.children(CampaignMemberRow.TABLE, "source_id", r.id(),
                    row.campaignId() == null ? List.of() : List.of(row)));
        };
    }
}
