package io.crmw.etl.normalize.salesforce;

import io.crmw.etl.normalize.CoreWrite;
import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.RawRow;
import io.crmw.etl.normalize.RecordMapper;
import io.crmw.etl.normalize.Vocabulary;
import io.crmw.etl.normalize.core.DealContactRow;
import io.crmw.etl.normalize.core.DealRow;

/**
 * An {@code Opportunity} → {@code core.deal} (and its {@code ContactId}, when the org has it, as the primary
 * contact and a {@code core.deal_contact} row).
 *
 * <ul>
 *   <li>status from {@code IsWon} / {@code IsClosed}; left null when neither was sent, for the stage to decide
 *       (finishing SQL);</li>
 *   <li>{@code Probability} is a percent: probability = it / 100, probability_raw keeps it;</li>
 *   <li>{@code CloseDate} is a DATE, never shifted; amount decimal(18,2) in {@code CurrencyIsoCode} (absent in
 *       single-currency orgs: null here, the corporate currency from {@code CurrencyType} by finishing SQL);</li>
 *   <li>{@code Type} 'New Customer' / 'Existing Customer - …' / '…Renewal…' → deal_type new / existing / renewal;</li>
 *   <li>the loss reason is a custom field in Salesforce: {@code Loss_Reason__c} or a few usual spellings.</li>
 * </ul>
 * The stage history is not written here: it comes from {@code OpportunityHistory} (or is inferred) by finishing SQL.
 */
final class SalesforceOpportunityMapper implements RecordMapper {

    static final String[] LOSS_REASON_FIELDS =
            {"Loss_Reason__c", "Lost_Reason__c", "Closed_Lost_Reason__c", "Reason_Lost__c", "Loss_Reason_Code__c"};

    @Override
    public Normalized map(RawRow raw) {
        SalesforceRecord r = new SalesforceRecord(raw);
        String dealId = r.coreId("deal", r.id());
        String contactId = r.refIf("ContactId", SalesforceRecord.CONTACT, "contact");
        DealRow deal = new DealRow(
                dealId, r.source(), r.id(),
                r.text("Name"),
                r.coreId("pipeline", SalesforceStageMapper.PIPELINE),
                r.ref("stage", "StageName"),
                Vocabulary.dealStatus(r.f.bool("IsClosed"), r.f.bool("IsWon")),
                r.f.decimal("Amount", 2),
                Vocabulary.upper(r.text("CurrencyIsoCode")),
                null, // no home-currency amount without convertCurrency()
                r.text("Probability"),
                r.percentFraction("Probability"),
                r.text("ForecastCategoryName"),
                r.instant("CreatedDate"),
                r.date("CloseDate"),
                null, // closed_at: when it entered its closed stage (OpportunityHistory), else its close date
                SalesforceAccountMapper.updatedAt(r),
                r.owner("OwnerId"),
                r.ref("account", "AccountId"),
                contactId,
                r.ref("campaign", "CampaignId"),
                r.text("LeadSource"),
                Vocabulary.dealType(r.text("Type")),
                r.firstText(LOSS_REASON_FIELDS),
                null, // Salesforce opportunities are not merged
                r.deleted(),
                r.syncedAt());
        return Normalized.of(CoreWrite.row(DealRow.TABLE, r.id(), deal), DealContactRow.ofPrimaryContact(deal));
    }
}
