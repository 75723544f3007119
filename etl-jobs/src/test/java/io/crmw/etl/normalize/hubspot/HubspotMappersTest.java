package io.crmw.etl.normalize.hubspot;

import static io.crmw.etl.normalize.hubspot.HubspotFixtures.only;
import static io.crmw.etl.normalize.hubspot.HubspotFixtures.raw;
import static io.crmw.etl.normalize.hubspot.HubspotFixtures.rows;
import static io.crmw.etl.normalize.hubspot.HubspotFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.core.AccountRow;
import io.crmw.etl.normalize.core.ActivityRow;
import io.crmw.etl.normalize.core.ContactRow;
import io.crmw.etl.normalize.core.GoalRow;
import io.crmw.etl.normalize.core.LeadRow;
import io.crmw.etl.normalize.core.LineItemRow;
import io.crmw.etl.normalize.core.OwnerRow;
import io.crmw.etl.normalize.core.PipelineRow;
import io.crmw.etl.normalize.core.StageRow;
import io.crmw.etl.normalize.core.TeamRow;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class HubspotMappersTest {

    @Test
    void customerContactIsAConvertedLead() {
        Normalized n = new HubspotContactMapper().map(raw("contacts", "contact_customer.json"));
        ContactRow c = only(n, ContactRow.TABLE);
        LeadRow l = only(n, LeadRow.TABLE);

        assertThat(c.contactId()).isEqualTo("hubspot-main:contact:551");
        assertThat(c.email()).isEqualTo("jane.doe@example.com");
        assertThat(c.accountId()).isEqualTo("hubspot-main:account:7001");
        assertThat(c.lifecycleStage()).isEqualTo("customer");
        assertThat(c.leadStatus()).isEqualTo("CONNECTED");
        assertThat(c.updatedAt()).isEqualTo(Instant.parse("2024-07-20T10:00:00Z"));

        assertThat(l.leadId()).isEqualTo("hubspot-main:lead:551");
        assertThat(l.contactId()).isEqualTo(c.contactId());
        assertThat(l.createdAt()).isEqualTo(Instant.parse("2024-03-02T08:00:00Z"));
        assertThat(l.isConverted()).isTrue();
        assertThat(l.convertedAt()).isEqualTo(Instant.parse("2024-04-10T12:00:00Z")); // the earlier: opportunity
        assertThat(l.convertedContactId()).isEqualTo("hubspot-main:contact:551");
        assertThat(l.convertedAccountId()).isEqualTo("hubspot-main:account:7001");
        assertThat(l.convertedDealId()).isEqualTo("hubspot-main:deal:18231");
        assertThat(l.leadSourceRaw()).isEqualTo("PAID_SEARCH");
        assertThat(l.leadStatusRaw()).isEqualTo("CONNECTED"); // hs_lead_status
        assertThat(l.leadStatus()).isEqualTo("converted");    // a customer, whatever its lead status says
    }

    @Test
    void subscriberIsNoLeadAndClearsAnyEarlierLeadRow() {
        Normalized n = new HubspotContactMapper().map(raw("contacts", "contact_subscriber.json"));

        assertThat(write(n, LeadRow.TABLE).rows()).isEmpty();
        assertThat(write(n, LeadRow.TABLE).key()).isEqualTo("560");
        ContactRow c = only(n, ContactRow.TABLE);
        assertThat(c.createdAt()).isEqualTo(Instant.parse("2024-03-01T08:00:00Z")); // epoch-ms string
        assertThat(c.accountId()).isNull();
    }

    @Test
    void deletedContactFlagsContactAndLead() {
        Normalized n = new HubspotContactMapper().map(raw("contacts", "contact_customer.json", true));

        assertThat(HubspotFixtures.<ContactRow>only(n, ContactRow.TABLE).isDeleted()).isTrue();
        assertThat(HubspotFixtures.<LeadRow>only(n, LeadRow.TABLE).isDeleted()).isTrue();
    }

    @Test
    void pipelineBringsItsStagesWithFractionProbabilitiesAndWonFlags() {
        Normalized n = new HubspotPipelineMapper("deal").map(raw("deal_pipelines", "deal_pipeline.json"));
        PipelineRow p = only(n, PipelineRow.TABLE);

        assertThat(p.pipelineId()).isEqualTo("hubspot-main:pipeline:default");
        assertThat(p.objectType()).isEqualTo("deal");
        assertThat(p.name()).isEqualTo("Sales Pipeline");
        assertThat(HubspotFixtures.<StageRow>rows(n, StageRow.TABLE))
                .extracting(StageRow::stageId, StageRow::probability, StageRow::isClosed, StageRow::isWon,
                        StageRow::displayOrder)
                .containsExactly(
                        tuple("hubspot-main:stage:appointmentscheduled", 0.2, false, false, 0),
                        tuple("hubspot-main:stage:qualifiedtobuy", 0.4, false, false, 1),
                        tuple("hubspot-main:stage:contractsent", 0.9, false, false, 2),
                        tuple("hubspot-main:stage:closedwon", 1.0, true, true, 3),
                        tuple("hubspot-main:stage:closedlost", 0.0, true, false, 4));
        assertThat(write(n, StageRow.TABLE).keyColumn()).isEqualTo("pipeline_id");
    }

    @Test
    void ownerNamesItsPrimaryTeamAndEmitsTeams() {
        Normalized n = new HubspotOwnerMapper().map(raw("owners", "owner.json"));
        OwnerRow o = only(n, OwnerRow.TABLE);

        assertThat(o.ownerId()).isEqualTo("hubspot-main:owner:91234567");
        assertThat(o.name()).isEqualTo("Sam Seller");
        assertThat(o.email()).isEqualTo("sam.seller@example.com");
        assertThat(o.teamId()).isEqualTo("hubspot-main:team:302");
        assertThat(o.isActive()).isTrue();
        assertThat(HubspotFixtures.<TeamRow>rows(n, TeamRow.TABLE)).extracting(TeamRow::teamId, TeamRow::name)
                .containsExactly(tuple("hubspot-main:team:301", "EMEA"), tuple("hubspot-main:team:302", "Enterprise"));
    }

    @Test
    void companyDomainIsNormalized() {
        AccountRow a = only(new HubspotCompanyMapper().map(raw("companies", "company.json")), AccountRow.TABLE);

        assertThat(a.accountId()).isEqualTo("hubspot-main:account:7001");
        assertThat(a.domain()).isEqualTo("acme.de");
        assertThat(a.employeeCount()).isEqualTo(250);
        assertThat(a.ownerId()).isEqualTo("hubspot-main:owner:91234567");
        assertThat(a.updatedAt()).isEqualTo(Instant.parse("2024-01-01T00:00:00.100Z"));
    }

    @Test
    void callBecomesAnActivityWithSecondsAndDirection() {
        ActivityRow a = only(new HubspotEngagementMapper("call").map(raw("calls", "call.json")), ActivityRow.TABLE);

        assertThat(a.activityId()).isEqualTo("hubspot-main:activity:call-4001");
        assertThat(a.type()).isEqualTo("call");
        assertThat(a.direction()).isEqualTo("outbound");
        assertThat(a.durationS()).isEqualTo(185);
        assertThat(a.subject()).isEqualTo("Discovery call");
        assertThat(a.occurredAt()).isEqualTo(Instant.parse("2024-05-02T10:00:00Z"));
        assertThat(a.dealId()).isEqualTo("hubspot-main:deal:18231");
        assertThat(a.contactId()).isEqualTo("hubspot-main:contact:551");
        assertThat(a.accountId()).isEqualTo("hubspot-main:account:7001");
        assertThat(a.isDone()).isTrue();
    }

    @Test
    void lineItemComputesItsAmountWhenHubspotSentNone() {
        LineItemRow li = only(HubspotProductMapper.lineItems().map(raw("line_items", "line_item.json")),
                LineItemRow.TABLE);

        assertThat(li.dealId()).isEqualTo("hubspot-main:deal:18231");
        assertThat(li.productId()).isEqualTo("hubspot-main:product:6001");
        assertThat(li.quantity()).isEqualByComparingTo("3");
        assertThat(li.unitPrice()).isEqualByComparingTo("1000.01");
        assertThat(li.lineAmount()).isEqualByComparingTo("2900.03");
        assertThat(li.isRecurring()).isTrue();
        assertThat(li.billingPeriodMonths()).isEqualTo(12);
    }

    @Test
    void goalKeepsTheUserIdPlaceholderForTheOwnerLookup() {
        GoalRow g = only(new HubspotGoalMapper().map(raw("goals", "goal.json")), GoalRow.TABLE);

        assertThat(g.assigneeType()).isEqualTo("owner");
        assertThat(g.assigneeId()).isEqualTo("hubspot-main:user:4711");
        assertThat(g.periodStart()).isEqualTo(LocalDate.of(2024, 7, 1));
        assertThat(g.periodEnd()).isEqualTo(LocalDate.of(2024, 9, 30));
        assertThat(g.targetValue()).isEqualByComparingTo("150000");
        assertThat(g.metric()).isEqualTo("revenue");
    }
}
