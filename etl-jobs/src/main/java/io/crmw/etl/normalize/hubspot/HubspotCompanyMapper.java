package io.crmw.etl.normalize.hubspot;

import io.crmw.etl.normalize.CoreWrite;
import io.crmw.etl.normalize.Fields;
import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.RawRow;
import io.crmw.etl.normalize.RecordMapper;
import io.crmw.etl.normalize.core.AccountRow;
import java.util.Locale;

/** A HubSpot company → {@code core.account}. */
public final class HubspotCompanyMapper implements RecordMapper {

    @Override
    public Normalized map(RawRow raw) {
        HubspotRecord r = new HubspotRecord(raw);
        Fields p = r.props;
        AccountRow account = new AccountRow(r.coreId("account", r.id()), r.source(), r.id(),
                p.text("name"), domain(p.text("domain")), p.text("industry"), p.integer("numberofemployees"),
                p.text("country"), r.coreId("owner", p.text("hubspot_owner_id")), p.text("hs_analytics_source"),
                r.instant("createdate", "createdAt"), r.instant("hs_lastmodifieddate", "updatedAt"),
                r.deleted(), r.syncedAt());
        return Normalized.of(CoreWrite.row(AccountRow.TABLE, r.id(), account));
    }

    /** Lower case, no scheme, no {@code www.}, no path or trailing dot: {@code https://www.Acme.com/x} → {@code acme.com}. */
    static String domain(String raw) {
        if (raw == null) {
            return null;
        }
        String d = raw.trim().toLowerCase(Locale.ROOT);
        int scheme = d.indexOf("://");
        if (scheme >= 0) {
            d = d.substring(scheme + 3);
        }
        int cut = indexOfAny(d, "/?#:");
        if (cut >= 0) {
            d = d.substring(0, cut);
        }
        if (d.startsWith("www.")) {
            d = d.substring(4);
        }
        while (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        return d.isEmpty() ? null : d;
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
