package io.crmw.etl.normalize.salesforce;

import static io.crmw.etl.normalize.salesforce.SalesforceFixtures.id;
import static io.crmw.etl.normalize.salesforce.SalesforceFixtures.only;
import static io.crmw.etl.normalize.salesforce.SalesforceFixtures.raw;
import static io.crmw.etl.normalize.salesforce.SalesforceFixtures.records;
import static io.crmw.etl.normalize.salesforce.SalesforceFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.Vocabulary;
import io.crmw.etl.normalize.core.AccountRow;
import io.crmw.etl.normalize.core.ActivityRow;
import io.crmw.etl.normalize.core.CampaignRow;
import io.crmw.etl.normalize.core.ContactRow;
import io.crmw.etl.normalize.core.LeadRow;
import io.crmw.etl.normalize.core.LineItemRow;
import io.crmw.etl.normalize.core.OwnerRow;
import io.crmw.etl.normalize.core.ProductRow;
import io.crmw.etl.normalize.core.TeamRow;
import io.crmw.etl.normalize.core.TicketRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class SalesforceMappersTest {

    @Test
    void accountNormalizesItsWebsiteToADomain() {
        AccountRow a = only(SalesforceAccountMapper.accounts().map(raw("accounts", "account.json")), AccountRow.TABLE);

        assertThat(a.accountId()).isEqualTo(id("account", "0015g00000AbCdeAAF"));
        assertThat(a.name()).isEqualTo("Acme GmbH");
        assertThat(a.domain()).isEqualTo("acme.de");
        assertThat(a.industry()).isEqualTo("Manufacturing");
        assertThat(a.employeeCount()).isEqualTo(250);
        assertThat(a.country()).isEqualTo("Germany");
        assertThat(a.ownerId()).isEqualTo(id("owner", "0055g00000Q1w2eAAB"));
        assertThat(a.leadSourceRaw()).isEqualTo("Web");
        assertThat(a.createdAt()).isEqualTo(Instant.parse("2024-02-01T08:00:00Z"));
        assertThat(a.updatedAt()).isEqualTo(Instant.parse("2024-05-20T10:00:00Z"));
        assertThat(a.isDeleted()).isFalse();
        assertThat(Vocabulary.domain("acme.com:8443")).isEqualTo("acme.com");
        assertThat(Vocabulary.domain("  ")).isNull();
    }

    @Test
    void aMergedAwayAccountIsFlaggedDeleted() {
        AccountRow a = only(SalesforceAccountMapper.accounts().map(raw("accounts", "account_merged.json")), AccountRow.TABLE);

        assertThat(a.isDeleted()).isTrue();
        assertThat(a.domain()).isEqualTo("acme.de");
    }

    @Test
    void contactEmailIsLowerCased() {
        ContactRow c = only(SalesforceAccountMapper.contacts().map(raw("contacts", "contact.json")), ContactRow.TABLE);

        assertThat(c.contactId()).isEqualTo(id("contact", "0035g00000LmNopAAB"));
        assertThat(c.accountId()).isEqualTo(id("account", "0015g00000AbCdeAAF"));
        assertThat(c.email()).isEqualTo("jane.doe@example.com");
        assertThat(c.firstName()).isEqualTo("Jane");
        assertThat(c.lastName()).isEqualTo("Doe");
        assertThat(c.leadSourceRaw()).isEqualTo("Partner Referral");
        assertThat(c.ownerId()).isEqualTo(id("owner", "0055g00000Q1w2eAAB"));
        assertThat(c.updatedAt()).isEqualTo(Instant.parse("2024-05-20T10:00:00Z"));
        assertThat(c.isDeleted()).isFalse();
    }

    @Test
    void usersAreOwnersInTheirRoleTeamAndRolesAreTeams() {
        OwnerRow o = only(SalesforceOwnerMapper.users().map(raw("users", "user.json")), OwnerRow.TABLE);
        assertThat(o).extracting(OwnerRow::ownerId, OwnerRow::name, OwnerRow::email, OwnerRow::teamId, OwnerRow::isActive)
                .containsExactly(id("owner", "0055g00000Q1w2eAAB"), "Maria Schmidt", "maria.schmidt@acme-sales.example",
                        id("team", "00E5g000001AbCdEAK"), true);

        TeamRow t = only(SalesforceOwnerMapper.roles().map(raw("user_roles", "user_role.json")), TeamRow.TABLE);
        assertThat(t).extracting(TeamRow::teamId, TeamRow::name, TeamRow::parentTeamId, TeamRow::isDeleted)
                .containsExactly(id("team", "00E5g000001AbCdEAK"), "Sales DACH", id("team", "00E5g000001AbCaEAK"), false);

        ObjectNode inactive = records("user.json").get(0).put("IsActive", "false");
        assertThat(((OwnerRow) only(SalesforceOwnerMapper.users().map(raw("users", inactive, false)), OwnerRow.TABLE))
                .isActive()).isFalse();
    }

    @Test
    void convertedLeadPointsAtWhatItBecame() {
        LeadRow l = only(SalesforceAccountMapper.leads().map(raw("leads", "lead_converted.json")), LeadRow.TABLE);

        assertThat(l.leadId()).isEqualTo(id("lead", "00Q5g00000Lead1AAB"));
        assertThat(l.email()).isEqualTo("jane.doe@example.com");
        assertThat(l.status()).isEqualTo("Closed - Converted");
        assertThat(l.leadStatusRaw()).isEqualTo("Closed - Converted");
        assertThat(l.leadStatus()).isEqualTo("converted");
        assertThat(l.leadSourceRaw()).isEqualTo("Web");
        assertThat(l.isConverted()).isTrue();
        assertThat(l.convertedAt()).isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
        assertThat(l.convertedAccountId()).isEqualTo(id("account", "0015g00000AbCdeAAF"));
        assertThat(l.convertedContactId()).isEqualTo(id("contact", "0035g00000LmNopAAB"));
        assertThat(l.convertedDealId()).isEqualTo(id("deal", "0065g00000XyZabAAB"));
        assertThat(l.contactId()).isEqualTo(l.convertedContactId());
        assertThat(l.accountId()).isEqualTo(l.convertedAccountId());
        assertThat(l.createdAt()).isEqualTo(Instant.parse("2024-04-20T15:45:00Z"));
        assertThat(l.ownerId()).isEqualTo(id("owner", "0055g00000Q1w2eAAB"));
        assertThat(l.campaignId()).isNull();
    }

    @Test
    void openLeadIsNotConvertedAndAQueueIsNoOwner() {
        LeadRow l = only(SalesforceAccountMapper.leads().map(raw("leads", "lead_open.json")), LeadRow.TABLE);

        assertThat(l.isConverted()).isFalse();
        assertThat(l.convertedAt()).isNull();
        assertThat(l.convertedDealId()).isNull();
        assertThat(l.contactId()).isNull();
        assertThat(l.ownerId()).isNull();
        assertThat(l.status()).isEqualTo("Working - Contacted");
        assertThat(l.leadStatusRaw()).isEqualTo("Working - Contacted");
        assertThat(l.leadStatus()).isEqualTo("working");
    }

    @Test
    void campaignAndItsMembers() {
        CampaignRow c = only(SalesforceCampaignMapper.campaigns().map(raw("campaigns", "campaign.json")), CampaignRow.TABLE);
        assertThat(c.campaignId()).isEqualTo(id("campaign", "7015g000000Camp1AAA"));
        assertThat(c.type()).isEqualTo("Trade Show");
        assertThat(c.startDate()).isEqualTo(LocalDate.of(2024, 4, 22));
        assertThat(c.endDate()).isEqualTo(LocalDate.of(2024, 4, 26));
        assertThat(c.budgetedCost()).isEqualTo(new BigDecimal("50000.00"));
        assertThat(c.actualCost()).isEqualTo(new BigDecimal("48250.40"));
        assertThat(c.currencyCode()).isEqualTo("EUR");

        List<ObjectNode> members = records("campaign_members.json");
        CampaignMemberRow lead = only(SalesforceCampaignMapper.members().map(raw("campaign_members", members.get(0), false)),
                CampaignMemberRow.TABLE);
        assertThat(lead).extracting(CampaignMemberRow::campaignId, CampaignMemberRow::sourceId, CampaignMemberRow::leadId,
                        CampaignMemberRow::contactId, CampaignMemberRow::status, CampaignMemberRow::hasResponded,
                        CampaignMemberRow::firstRespondedAt, CampaignMemberRow::isDeleted)
                .containsExactly(id("campaign", "7015g000000Camp1AAA"), "00v5g00000Memb1AAA",
                        id("lead", "00Q5g00000Lead1AAB"), null, "Responded", true,
                        Instant.parse("2024-04-24T00:00:00Z"), false);
        CampaignMemberRow contact = only(SalesforceCampaignMapper.members().map(raw("campaign_members", members.get(2), false)),
                CampaignMemberRow.TABLE);
        assertThat(contact.contactId()).isEqualTo(id("contact", "0035g00000LmNopAAB"));
        assertThat(contact.hasResponded()).isTrue(); // "true" as a Bulk string

        // a hard-deleted member comes back as a reconciliation tombstone
        CampaignMemberRow gone = only(SalesforceCampaignMapper.members().map(raw("campaign_members", members.get(1), true)),
                CampaignMemberRow.TABLE);
        assertThat(gone.isDeleted()).isTrue();
        ObjectNode orphan = members.get(1).deepCopy().put("CampaignId", "");
        assertThat(write(SalesforceCampaignMapper.members().map(raw("campaign_members", orphan, false)),
                CampaignMemberRow.TABLE).rows()).isEmpty();
    }

    @Test
    void callTaskIsACallActivityWithOutcomeDurationAndDirection() {
        ActivityRow a = only(SalesforceActivityMapper.tasks().map(raw("tasks", "task_call.json")), ActivityRow.TABLE);

        assertThat(a.activityId()).isEqualTo(id("activity", "00T5g00000Task1AAA"));
        assertThat(a.type()).isEqualTo("call");
        assertThat(a.subtype()).isEqualTo("Call");
        assertThat(a.direction()).isEqualTo("outbound");
        assertThat(a.subject()).isEqualTo("Call: pricing follow-up");
        assertThat(a.outcomeRaw()).isEqualTo("Connected - left next steps");
        assertThat(a.durationS()).isEqualTo(372);
        assertThat(a.dealId()).isEqualTo(id("deal", "0065g00000XyZabAAB"));
        assertThat(a.contactId()).isEqualTo(id("contact", "0035g00000LmNopAAB"));
        assertThat(a.accountId()).isEqualTo(id("account", "0015g00000AbCdeAAF")); // the task's derived AccountId
        assertThat(a.ownerId()).isEqualTo(id("owner", "0055g00000Q1w2eAAB"));
        assertThat(a.createdAt()).isEqualTo(Instant.parse("2024-06-12T13:40:00Z"));
        assertThat(a.occurredAt()).isEqualTo(Instant.parse("2024-06-12T13:37:00Z"));
        assertThat(a.completedAt()).isEqualTo(Instant.parse("2024-06-12T13:37:00Z"));
        assertThat(a.dueAt()).isNull();
        assertThat(a.isDone()).isTrue();
    }

    @Test
    void plainTaskIsDueOnItsActivityDateAndRelatesToAnAccountWhat() {
        ActivityRow a = only(SalesforceActivityMapper.tasks().map(raw("tasks", "task_todo.json")), ActivityRow.TABLE);

        assertThat(a.type()).isEqualTo("task");
        assertThat(a.direction()).isNull();
        assertThat(a.outcomeRaw()).isEqualTo("Not Started");
        assertThat(a.durationS()).isNull();
        assertThat(a.dueAt()).isEqualTo(Instant.parse("2024-09-02T00:00:00Z"));
        assertThat(a.occurredAt()).isEqualTo(a.dueAt());
        assertThat(a.isDone()).isFalse();
        assertThat(a.completedAt()).isNull();
        assertThat(a.dealId()).isNull();
        assertThat(a.accountId()).isEqualTo(id("account", "0015g00000AbCdeAAF")); // WhatId 001…
        assertThat(a.contactId()).isNull(); // WhoId is a lead (00Q…)
    }

    @Test
    void taskTypeWithoutSubtypeAndCallDirections() {
        ObjectNode call = records("task_call.json").get(0);
        call.remove("TaskSubtype");
        call.put("CallDurationInSeconds", "61").put("CallType", "Inbound");
        ActivityRow a = only(SalesforceActivityMapper.tasks().map(raw("tasks", call, false)), ActivityRow.TABLE);
        assertThat(a.type()).isEqualTo("call");
        assertThat(a.direction()).isEqualTo("inbound");
        assertThat(a.durationS()).isEqualTo(61);

        ObjectNode email = records("task_todo.json").get(0).put("TaskSubtype", "Email").put("Status", "Completed");
        email.remove("IsClosed");
        ActivityRow e = only(SalesforceActivityMapper.tasks().map(raw("tasks", email, false)), ActivityRow.TABLE);
        assertThat(e.type()).isEqualTo("email");
        assertThat(e.isDone()).isTrue();
        assertThat(e.occurredAt()).isEqualTo(Instant.parse("2024-08-20T09:00:00Z")); // logged at creation
        assertThat(SalesforceActivityMapper.direction("Internal")).isNull();
    }

    @Test
    void eventIsAMeetingWithItsDuration() {
        ActivityRow a = only(SalesforceActivityMapper.events().map(raw("events", "event_meeting.json")), ActivityRow.TABLE);

        assertThat(a.activityId()).isEqualTo(id("activity", "00U5g00000Evt01AAA"));
        assertThat(a.type()).isEqualTo("meeting");
        assertThat(a.subject()).isEqualTo("Demo with Acme");
        assertThat(a.occurredAt()).isEqualTo(Instant.parse("2024-06-05T09:00:00Z"));
        assertThat(a.completedAt()).isEqualTo(Instant.parse("2024-06-05T10:30:00Z"));
        assertThat(a.durationS()).isEqualTo(5400);
        assertThat(a.isDone()).isTrue(); // ended before it was extracted
        assertThat(a.dealId()).isEqualTo(id("deal", "0065g00000XyZabAAB"));
        assertThat(a.contactId()).isEqualTo(id("contact", "0035g00000LmNopAAB"));

        ObjectNode future = records("event_meeting.json").get(0).put("StartDateTime", "2024-09-01T09:00:00.000+0000")
                .put("EndDateTime", "2024-09-01T09:30:00.000+0000");
        future.remove("DurationInMinutes");
        ActivityRow f = only(SalesforceActivityMapper.events().map(raw("events", future, false)), ActivityRow.TABLE);
        assertThat(f.isDone()).isFalse();
        assertThat(f.completedAt()).isNull();
        assertThat(f.durationS()).isEqualTo(1800);
    }

    @Test
    void caseIsATicket() {
        TicketRow t = only(new SalesforceCaseMapper().map(raw("cases", "case.json")), TicketRow.TABLE);

        assertThat(t.ticketId()).isEqualTo(id("ticket", "5005g00000Case1AAA"));
        assertThat(t.subject()).isEqualTo("Device dead on arrival");
        assertThat(t.accountId()).isEqualTo(id("account", "0015g00000AbCdeAAF"));
        assertThat(t.contactId()).isEqualTo(id("contact", "0035g00000LmNopAAB"));
        assertThat(t.productId()).isNull(); // resolved from the code by finishing SQL
        assertThat(t.productSku()).isEqualTo("PLAT-1");
        assertThat(t.status()).isEqualTo("closed");
        assertThat(t.priority()).isEqualTo("High");
        assertThat(t.channel()).isEqualTo("Email");
        assertThat(t.reasonRaw()).isEqualTo("Return");
        assertThat(t.type()).isEqualTo("Problem");
        assertThat(t.isReturnRequest()).isTrue();
        assertThat(t.createdAt()).isEqualTo(Instant.parse("2024-07-18T08:30:00Z"));
        assertThat(t.solvedAt()).isEqualTo(Instant.parse("2024-07-20T16:00:00Z"));
        assertThat(t.pipelineId()).isNull();

        ObjectNode open = records("case.json").get(0).put("IsClosed", false).put("Status", "Working")
                .put("ProductId", "01t5g00000Prod2AAA");
        TicketRow o = only(new SalesforceCaseMapper().map(raw("cases", open, false)), TicketRow.TABLE);
        assertThat(o.status()).isEqualTo("open");
        assertThat(o.solvedAt()).isNull();
        assertThat(o.productId()).isEqualTo(id("product", "01t5g00000Prod2AAA"));
        assertThat(SalesforceCaseMapper.status(null, "Closed")).isEqualTo("closed");
        assertThat(SalesforceCaseMapper.status(false, "Resolved")).isEqualTo("solved");
    }

    @Test
    void productsTakeCostAndBillingFromCustomFields() {
        List<ObjectNode> products = records("products.json");
        ProductRow p = only(SalesforceProductMapper.products().map(raw("products", products.get(0), false)), ProductRow.TABLE);

        assertThat(p.productId()).isEqualTo(id("product", "01t5g00000Prod1AAA"));
        assertThat(p.name()).isEqualTo("Platform licence");
        assertThat(p.sku()).isEqualTo("PLAT-1");
        assertThat(p.family()).isEqualTo("Software");
        assertThat(p.unitCost()).isEqualTo(new BigDecimal("120.50"));
        assertThat(p.unitPrice()).isNull(); // from its pricebook entry
        assertThat(p.isRecurring()).isTrue();
        assertThat(p.billingPeriodMonths()).isEqualTo(1);

        ProductRow plain = only(SalesforceProductMapper.products().map(raw("products", products.get(1), false)), ProductRow.TABLE);
        assertThat(plain.unitCost()).isNull();
        assertThat(plain.isRecurring()).isNull();
    }

    @Test
    void lineItemsTurnThePercentDiscountIntoAnAmount() {
        List<ObjectNode> items = records("opportunity_line_items.json");
        Normalized first = SalesforceProductMapper.lineItems().map(raw("opportunity_line_items", items.get(0), false));
        LineItemRow a = only(first, LineItemRow.TABLE);
        assertThat(a.lineItemId()).isEqualTo(id("line_item", "00k5g00000Oli01AAA"));
        assertThat(a.dealId()).isEqualTo(id("deal", "0065g00000XyZabAAB"));
        assertThat(a.productId()).isEqualTo(id("product", "01t5g00000Prod1AAA"));
        assertThat(a.quantity()).isEqualTo(new BigDecimal("20.0000"));
        assertThat(a.unitPrice()).isEqualTo(new BigDecimal("1000.00"));
        assertThat(a.discountAmount()).isNull();
        assertThat(a.lineAmount()).isEqualTo(new BigDecimal("20000.00"));
        assertThat(a.currencyCode()).isEqualTo("EUR");

        LineItemRow b = only(SalesforceProductMapper.lineItems().map(raw("opportunity_line_items", items.get(1), false)),
                LineItemRow.TABLE);
        assertThat(b.productId()).isNull(); // only a PricebookEntryId: resolved by finishing SQL
        assertThat(b.discountAmount()).isEqualTo(new BigDecimal("1250.00")); // 20 % of 1 × 6250
        assertThat(b.lineAmount()).isEqualTo(new BigDecimal("5000.00")); // no TotalPrice sent: computed
        assertThat(b.currencyCode()).isNull();
    }

    @Test
    void rawOnlyStreamsWriteNothing() {
        assertThat(SalesforceNormalizer.RAW_ONLY.map(raw("currency_types", "currency_types.json")).writes()).isEmpty();
        assertThat(new SalesforceNormalizer().streams()).extracting(s -> s.stream()).containsSubsequence(
                "users", "opportunity_stages", "accounts", "contacts", "leads", "products", "pricebook_entries",
                "opportunities", "opportunity_history", "opportunity_line_items", "tasks", "events", "cases");
    }
}
