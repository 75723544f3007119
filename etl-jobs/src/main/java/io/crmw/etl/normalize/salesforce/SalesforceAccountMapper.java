package io.crmw.etl.normalize.salesforce;

import io.crmw.etl.normalize.CoreWrite;
import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.RecordMapper;
import io.crmw.etl.normalize.Vocabulary;
import io.crmw.etl.normalize.core.AccountRow;
import io.crmw.etl.normalize.core.ContactRow;
import io.crmw.etl.normalize.core.LeadRow;
import java.time.Instant;

/**
 * {@code Account} → {@code core.account}, {@code Contact} → {@code core.contact}, {@code Lead} → {@code core.lead}
 * (with its conversion fields). The losers of a Salesforce merge ({@code MasterRecordId} set) are soft-deleted
 * by Salesforce and arrive as {@code IsDeleted} records or tombstones, so they are flagged deleted.
 */
final class SalesforceAccountMapper {

    private SalesforceAccountMapper() {}

    static RecordMapper accounts() {
        return raw -> {
            SalesforceRecord r = new SalesforceRecord(raw);
            AccountRow row = new AccountRow(r.coreId("account", r.id()), r.source(), r.id(), r.text("Name"),
                    Vocabulary.domain(r.text("Website")), r.text("Industry"), r.f.integer("NumberOfEmployees"),
                    r.text("BillingCountry"), r.owner("OwnerId"), r.text("AccountSource"),
                    r.instant("CreatedDate"), updatedAt(r), merged(r) || r.deleted(), r.syncedAt());
            return Normalized.of(CoreWrite.row(AccountRow.TABLE, r.id(), row));
        };
    }

    static RecordMapper contacts() {
        return raw -> {
            SalesforceRecord r = new SalesforceRecord(raw);
            ContactRow row = new ContactRow(r.coreId("contact", r.id()), r.source(), r.id(), r.ref("account", "AccountId"),
                    r.f.lower("Email"), r.text("FirstName"), r.text("LastName"), null, null, r.text("LeadSource"),
                    r.owner("OwnerId"), r.instant("CreatedDate"), updatedAt(r), merged(r) || r.deleted(),
                    r.syncedAt());
            return Normalized.of(CoreWrite.row(ContactRow.TABLE, r.id(), row));
        };
    }

    /**
     * A lead keeps its own id ({@code <source>:lead:00Q…}); once converted, contact_id / account_id point at what
     * it became, and converted_at is midnight UTC of {@code ConvertedDate} (a date field).
     */
    static RecordMapper leads() {
        return raw -> {
            SalesforceRecord r = new SalesforceRecord(raw);
            Boolean converted = r.f.bool("IsConverted");
            boolean isConverted = Boolean.TRUE.equals(converted);
            String contactId = isConverted ? r.ref("contact", "ConvertedContactId") : null;
            String accountId = isConverted ? r.ref("account", "ConvertedAccountId") : null;
            LeadRow row = new LeadRow(r.coreId("lead", r.id()), r.source(), r.id(), contactId, accountId,
                    r.f.lower("Email"), r.instant("CreatedDate"), r.owner("OwnerId"), r.text("Status"),
                    r.text("LeadSource"), null, // campaign: first touch from campaign members (finishing SQL)
                    converted, isConverted ? r.dateStart("ConvertedDate") : null, accountId, contactId,
                    isConverted ? r.ref("deal", "ConvertedOpportunityId") : null,
                    merged(r) || r.deleted(), r.syncedAt());
            return Normalized.of(CoreWrite.row(LeadRow.TABLE, r.id(), row));
        };
    }

    private static boolean merged(SalesforceRecord r) {
        return r.text("MasterRecordId") != null;
    }

    static Instant updatedAt(SalesforceRecord r) {
        Instant modified = r.instant("LastModifiedDate");
        return modified != null ? modified : r.instant("SystemModstamp");
    }
}
