package io.crmw.etl.normalize.hubspot;

import io.crmw.etl.normalize.CoreIds;
import io.crmw.etl.normalize.CoreWrite;
import io.crmw.etl.normalize.Fields;
import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.RawRow;
import io.crmw.etl.normalize.RecordMapper;
import io.crmw.etl.normalize.core.CampaignRow;
import io.crmw.etl.normalize.core.EmailCampaignRow;

/**
 * A HubSpot marketing email ({@code /marketing/v3/emails?includeStats=true}: {@code id, name, subject,
 * publishDate, archived, campaign, campaignName, stats.counters}) → {@code core.email_campaign} with its aggregate
 * counters, and → {@code core.campaign} for the campaign it names (the campaign guid is the campaign's source id).
 */
public final class HubspotMarketingEmailMapper implements RecordMapper {

    @Override
    public Normalized map(RawRow raw) {
        Fields f = Fields.top(raw);
        Fields c = new Fields(raw, raw.payload().path("stats").path("counters"));
        String id = f.text("id") != null ? f.text("id") : raw.id();
        String source = raw.source();
        boolean deleted = raw.deleted() || Boolean.TRUE.equals(f.bool("archived"));
        String campaign = f.text("campaign");
        EmailCampaignRow row = new EmailCampaignRow(CoreIds.of(source, "email_campaign", id), source, id,
                CoreIds.of(source, "campaign", campaign), f.text("name"), f.text("subject"),
                f.instant("publishDate"), c.whole("sent"), c.whole("delivered"), c.whole("open"), c.whole("click"),
                c.whole("bounce"), c.whole("unsubscribed"), c.whole("spamreport"), deleted, raw.extractedAt());
        if (campaign == null || campaign.isBlank()) {
            return Normalized.of(CoreWrite.row(EmailCampaignRow.TABLE, id, row));
        }
        // HubSpot has no campaign stream here: each e-mail names its campaign; a later e-mail's name wins
        CampaignRow campaignRow = new CampaignRow(CoreIds.of(source, "campaign", campaign), source, campaign,
                f.text("campaignName"), "email", "email", null, null, null, null, null, false, raw.extractedAt());
        return Normalized.of(CoreWrite.row(EmailCampaignRow.TABLE, id, row),
                CoreWrite.row(CampaignRow.TABLE, campaign, campaignRow));
    }
}
