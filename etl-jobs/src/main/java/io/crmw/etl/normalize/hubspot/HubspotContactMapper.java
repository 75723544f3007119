package io.crmw.etl.normalize.hubspot;

import io.crmw.etl.normalize.CoreWrite;
import io.crmw.etl.normalize.Fields;
import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.RawRow;
import io.crmw.etl.normalize.RecordMapper;
import io.crmw.etl.normalize.Vocabulary;
import io.crmw.etl.normalize.core.ContactRow;
import io.crmw.etl.normalize.core.LeadRow;
import io.crmw.etl.normalize.core.TouchRow;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A HubSpot contact → {@code core.contact}, and → {@code core.lead} when its lifecycle stage is lead or
 * beyond (HubSpot has no separate lead object in this model: the contact is the lead; lead_id uses the
 * contact's id). Converted = reached opportunity or customer; converted_at = the earlier of the two
 * stage-entry dates. The contact's first-touch converting campaign
 * ({@code hs_analytics_first_touch_converting_campaign}, a campaign guid) → the lead's campaign_id and one
 * {@code core.touch} row of type 'first'. The lead's status is the contact's {@code hs_lead_status}, normalized
 * ({@link Vocabulary#leadStatus}: converted once the contact is an opportunity or customer).
 */
public final class HubspotContactMapper implements RecordMapper {

    static final Set<String> LEAD_STAGES =
            Set.of("lead", "marketingqualifiedlead", "salesqualifiedlead", "opportunity", "customer");
    static final Set<String> CONVERTED_STAGES = Set.of("opportunity", "customer");

    @Override
    public Normalized map(RawRow raw) {
        HubspotRecord r = new HubspotRecord(raw);
        Fields p = r.props;
        String contactId = r.coreId("contact", r.id());
        String companyId = p.text("associatedcompanyid");
        String accountId = companyId != null ? r.coreId("account", companyId) : r.firstAssociated("companies", "account");
        String email = p.lower("email");
        String stage = p.lower("lifecyclestage");
        String ownerId = r.coreId("owner", p.text("hubspot_owner_id"));
        String source = p.text("hs_analytics_source");
        Instant createdAt = r.instant("createdate", "createdAt");
        String firstTouchCampaign = r.coreId("campaign", p.text("hs_analytics_first_touch_converting_campaign"));

        ContactRow contact = new ContactRow(contactId, r.source(), r.id(), accountId, email,
                p.text("firstname"), p.text("lastname"), stage, p.text("hs_lead_status"), source, ownerId,
                createdAt, r.instant("lastmodifieddate", "updatedAt"), r.deleted(), r.syncedAt());

        List<LeadRow> lead = List.of();
        if (stage != null && LEAD_STAGES.contains(stage)) {
            boolean converted = CONVERTED_STAGES.contains(stage);
            Instant leadCreated = p.instant("hs_lifecyclestage_lead_date");
            lead = List.of(new LeadRow(r.coreId("lead", r.id()), r.source(), r.id(), contactId, accountId, email,
                    leadCreated != null ? leadCreated : createdAt, ownerId, stage, source, firstTouchCampaign,
                    converted,
                    converted ? earliest(p.instant("hs_lifecyclestage_opportunity_date"),
                            p.instant("hs_lifecyclestage_customer_date")) : null,
                    converted ? accountId : null,
                    converted ? contactId : null,
                    converted ? r.firstAssociated("deals", "deal") : null,
                    r.deleted(), r.syncedAt(), stage, p.text("hs_lead_status"),
                    Vocabulary.leadStatus(p.text("hs_lead_status"), converted)));
        }
        List<TouchRow> touches = firstTouchCampaign == null ? List.of()
                : List.of(new TouchRow(r.coreId("touch", r.id()) + ":first", r.source(), r.id(), contactId,
                        lead.isEmpty() ? null : lead.get(0).leadId(), firstTouchCampaign, null, "first", null,
                        r.deleted(), r.syncedAt()));
        return Normalized.of(
                CoreWrite.row(ContactRow.TABLE, r.id(), contact),
                CoreWrite.children(TouchRow.TABLE, "source_id", r.id(), touches),
                // keyed by the contact id, so a contact that is no longer a lead loses its lead row
                CoreWrite.children(LeadRow.TABLE, "source_id", r.id(), lead));
    }

    private static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }
}
