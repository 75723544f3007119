package io.crmw.etl.normalize.hubspot;

import io.crmw.etl.normalize.CoreWrite;
import io.crmw.etl.normalize.Fields;
import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.RawRow;
import io.crmw.etl.normalize.RecordMapper;
import io.crmw.etl.normalize.Vocabulary;
import io.crmw.etl.normalize.core.AccountRow;

/** A HubSpot company → {@code core.account}. */
public final class HubspotCompanyMapper implements RecordMapper {

    @Override
    public Normalized map(RawRow raw) {
        HubspotRecord r = new HubspotRecord(raw);
        Fields p = r.props;
        AccountRow account = new AccountRow(r.coreId("account", r.id()), r.source(), r.id(),
                p.text("name"), Vocabulary.domain(p.text("domain")), p.text("industry"), p.integer("numberofemployees"),
                p.text("country"), r.coreId("owner", p.text("hubspot_owner_id")), p.text("hs_analytics_source"),
                r.instant("createdate", "createdAt"), r.instant("hs_lastmodifieddate", "updatedAt"),
                r.deleted(), r.syncedAt());
        return Normalized.of(CoreWrite.row(AccountRow.TABLE, r.id(), account));
    }
}
