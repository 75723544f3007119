package io.crmw.etl.normalize.hubspot;

import static io.crmw.etl.normalize.hubspot.HubspotFixtures.only;
import static io.crmw.etl.normalize.hubspot.HubspotFixtures.raw;
import static io.crmw.etl.normalize.hubspot.HubspotFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.core.CampaignRow;
import io.crmw.etl.normalize.core.EmailCampaignRow;
import io.crmw.etl.normalize.core.LeadRow;
import io.crmw.etl.normalize.core.TicketRow;
import io.crmw.etl.normalize.core.TouchRow;
import org.junit.jupiter.api.Test;

class HubspotCampaignMappingTest {

    private static final String CAMPAIGN = "hubspot-main:campaign:0a4f3c5e-7d21-3b6a-9c1e-2f9a8b7c6d5e";

    @Test
    void marketingEmailNamesItsCampaign() {
        Normalized n = new HubspotMarketingEmailMapper().map(raw("marketing_emails", "marketing_email.json"));
        EmailCampaignRow e = only(n, EmailCampaignRow.TABLE);
        CampaignRow c = only(n, CampaignRow.TABLE);

        assertThat(e.campaignId()).isEqualTo(CAMPAIGN);
        assertThat(e.delivered()).isEqualTo(980L);
        assertThat(c.campaignId()).isEqualTo(CAMPAIGN);
        assertThat(c.sourceId()).isEqualTo("0a4f3c5e-7d21-3b6a-9c1e-2f9a8b7c6d5e");
        assertThat(c.name()).isEqualTo("Spring Webinar Series");
        assertThat(c.channel()).isEqualTo("email");
        assertThat(c.actualCost()).isNull(); // costs come from config/reference/campaign_costs.csv
    }

    @Test
    void contactsFirstTouchCampaignBecomesTheLeadsCampaignAndATouch() {
        Normalized n = new HubspotContactMapper().map(raw("contacts", "contact_campaign_lead.json"));
        LeadRow l = only(n, LeadRow.TABLE);
        TouchRow t = only(n, TouchRow.TABLE);

        assertThat(l.campaignId()).isEqualTo(CAMPAIGN);
        assertThat(t.touchId()).isEqualTo("hubspot-main:touch:552:first");
        assertThat(t.contactId()).isEqualTo("hubspot-main:contact:552");
        assertThat(t.leadId()).isEqualTo("hubspot-main:lead:552");
        assertThat(t.campaignId()).isEqualTo(CAMPAIGN);
        assertThat(t.touchType()).isEqualTo("first");
        assertThat(write(n, TouchRow.TABLE).key()).isEqualTo("552");
    }

    @Test
    void contactWithoutCampaignClearsItsTouches() {
        Normalized n = new HubspotContactMapper().map(raw("contacts", "contact_customer.json"));

        assertThat(write(n, TouchRow.TABLE).rows()).isEmpty();
        assertThat(write(n, TouchRow.TABLE).key()).isEqualTo("551");
        assertThat(HubspotFixtures.<LeadRow>only(n, LeadRow.TABLE).campaignId()).isNull();
    }

    @Test
    void returnRequestIsUnknownWithoutThePortalProperty() {
        TicketRow t = only(new HubspotTicketMapper().map(raw("tickets", "ticket.json")), TicketRow.TABLE);

        assertThat(t.isReturnRequest()).isNull();
    }
}
