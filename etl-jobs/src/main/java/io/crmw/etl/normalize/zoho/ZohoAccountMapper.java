package io.crmw.etl.normalize.zoho;

import io.crmw.etl.normalize.CoreWrite;
import io.crmw.etl.normalize.Fields;
import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.RecordMapper;
import io.crmw.etl.normalize.Vocabulary;
import io.crmw.etl.normalize.core.AccountRow;
import io.crmw.etl.normalize.core.ContactRow;
import io.crmw.etl.normalize.core.LeadRow;
import tools.jackson.databind.JsonNode;

/**
 * Accounts → {@code core.account} (domain from {@code Website}), contacts → {@code core.contact} ({@code Email},
 * {@code Account_Name{id}}), leads ({@code Leads?converted=both}) → {@code core.lead}.
 *
 * <p>A converted lead ({@code $converted: true}) names what it became in {@code $converted_detail{deal, contact,
 * account, converted_date}} (ids, or lookups with an id): those are its converted ids, its contact and account are
 * the converted ones (as for Salesforce), converted_at is {@code converted_date} (a date: midnight UTC).
 */
final class ZohoAccountMapper {

    private ZohoAccountMapper() {}

    static RecordMapper accounts() {
        return raw -> {
            ZohoRecord r = new ZohoRecord(raw);
            AccountRow row = new AccountRow(r.coreId("account", r.id()), r.source(), r.id(), r.text("Account_Name"),
                    Vocabulary.domain(r.text("Website")), r.text("Industry"), r.f.integer("Employees"),
                    r.firstText("Billing_Country", "Shipping_Country"), r.owner(), r.text("Lead_Source"),
                    r.instant("Created_Time"), r.instant("Modified_Time"), r.deleted(), r.syncedAt());
            return Normalized.of(CoreWrite.row(AccountRow.TABLE, r.id(), row));
        };
    }

    static RecordMapper contacts() {
        return raw -> {
            ZohoRecord r = new ZohoRecord(raw);
            ContactRow row = new ContactRow(r.coreId("contact", r.id()), r.source(), r.id(),
                    r.ref("account", "Account_Name"), r.f.lower("Email"), r.text("First_Name"), r.text("Last_Name"),
                    null, null, r.text("Lead_Source"), r.owner(), r.instant("Created_Time"), r.instant("Modified_Time"),
                    r.deleted(), r.syncedAt());
            return Normalized.of(CoreWrite.row(ContactRow.TABLE, r.id(), row));
        };
    }

    static RecordMapper leads() {
        return raw -> {
            ZohoRecord r = new ZohoRecord(raw);
            Boolean converted = r.f.bool("$converted");
            boolean isConverted = Boolean.TRUE.equals(converted);
            JsonNode detail = raw.payload().path("$converted_detail");
            String contactId = isConverted ? r.coreId("contact", r.lookupId(detail, "contact")) : null;
            String accountId = isConverted ? r.coreId("account", r.lookupId(detail, "account")) : null;
            String dealId = isConverted ? r.coreId("deal", r.lookupId(detail, "deal")) : null;
            LeadRow row = new LeadRow(r.coreId("lead", r.id()), r.source(), r.id(), contactId, accountId,
                    r.f.lower("Email"), r.instant("Created_Time"), r.owner(), r.text("Lead_Status"),
                    r.text("Lead_Source"), r.ref("campaign", "Campaign_Source"), converted,
                    isConverted ? new Fields(raw, detail).instant("converted_date") : null, accountId, contactId,
                    dealId, r.deleted(), r.syncedAt());
            return Normalized.of(CoreWrite.row(LeadRow.TABLE, r.id(), row));
        };
    }
}
