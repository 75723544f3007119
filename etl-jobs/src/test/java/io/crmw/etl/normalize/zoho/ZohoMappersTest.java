package io.crmw.etl.normalize.zoho;

import static io.crmw.etl.normalize.zoho.ZohoFixtures.EXTRACTED;
import static io.crmw.etl.normalize.zoho.ZohoFixtures.JSON;
import static io.crmw.etl.normalize.zoho.ZohoFixtures.id;
import static io.crmw.etl.normalize.zoho.ZohoFixtures.only;
import static io.crmw.etl.normalize.zoho.ZohoFixtures.raw;
import static io.crmw.etl.normalize.zoho.ZohoFixtures.record;
import static io.crmw.etl.normalize.zoho.ZohoFixtures.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.core.AccountRow;
import io.crmw.etl.normalize.core.ActivityRow;
import io.crmw.etl.normalize.core.DealContactRow;
import io.crmw.etl.normalize.core.DealRow;
import io.crmw.etl.normalize.core.DealStageHistoryRow;
import io.crmw.etl.normalize.core.LeadRow;
import io.crmw.etl.normalize.core.OwnerRow;
import io.crmw.etl.normalize.core.PipelineRow;
import io.crmw.etl.normalize.core.ProductRow;
import io.crmw.etl.normalize.core.StageRow;
import io.crmw.etl.normalize.core.TeamRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Zoho's per-record mappers over vendor-format fixtures: pure functions, asserted value by value. */
class ZohoMappersTest {

    private static final String WON = "4876876000000543001";
    private static final String LOST = "4876876000000543002";
    private static final String OPEN = "4876876000000543003";
    private static final String STANDARD = "4876876000000091023";

    private final ZohoDealMapper deals = new ZohoDealMapper();

    private DealRow deal(String id) {
        return only(deals.map(raw("deals", record("deals.json", id))), DealRow.TABLE);
    }

    @Test
    void aDealNamesItsStageByDisplayValueWithinItsPipelineAndConvertsTimesWithOffsetsToUtc() {
        DealRow d = deal(WON);

        assertThat(d.dealId()).isEqualTo(id("deal", WON));
        assertThat(d.name()).isEqualTo("Acme GmbH – renewal");
        assertThat(d.pipelineId()).isEqualTo(id("pipeline", STANDARD));
        assertThat(d.stageId()).isEqualTo(id("stage", STANDARD + ":Closed Won"));
        assertThat(d.status()).isNull(); // the stage's forecast type decides, set-based
        assertThat(d.amount()).isEqualTo(new BigDecimal("25000.00"));
        assertThat(d.currencyCode()).isEqualTo("EUR");
        assertThat(d.amountHome()).isEqualTo(new BigDecimal("25000.00"));
        assertThat(d.probabilityRaw()).isEqualTo("100");
        assertThat(d.probability()).isEqualTo(1.0);
        assertThat(d.closeDate()).isEqualTo(LocalDate.of(2024, 7, 15));
        assertThat(d.closedAt()).isNull(); // from the stage history, set-based
        assertThat(d.createdAt()).isEqualTo(Instant.parse("2024-05-01T09:12:44Z"));
        assertThat(d.updatedAt()).isEqualTo(Instant.parse("2024-07-10T14:03:11Z"));
        assertThat(d.ownerId()).isEqualTo(id("owner", "4876876000000301001"));
        assertThat(d.accountId()).isEqualTo(id("account", "4876876000000412005"));
        assertThat(d.primaryContactId()).isEqualTo(id("contact", "4876876000000412101"));
        assertThat(d.campaignId()).isEqualTo(id("campaign", "4876876000000800001"));
        assertThat(d.leadSourceRaw()).isEqualTo("Web Download");
        assertThat(d.dealType()).isEqualTo("existing");
        assertThat(d.isDeleted()).isFalse();
        assertThat(d.syncedAt()).isEqualTo(EXTRACTED);
        assertThat(rows(deals.map(raw("deals", record("deals.json", WON))), DealContactRow.TABLE))
                .extracting(r -> ((DealContactRow) r).contactId()).containsExactly(id("contact", "4876876000000412101"));
    }

    @Test
    void aForeignCurrencyAmountIsConvertedHomeByDividingByTheExchangeRate() {
        DealRow d = deal(LOST);

        assertThat(d.amount()).isEqualTo(new BigDecimal("10800.00"));
        assertThat(d.currencyCode()).isEqualTo("USD");
        assertThat(d.amountHome()).isEqualTo(new BigDecimal("10000.00")); // 10800 USD / 1.08 USD per EUR
        assertThat(d.probability()).isEqualTo(0.0);
        assertThat(d.lostReasonRaw()).isEqualTo("Price");
        assertThat(d.dealType()).isEqualTo("new");
        assertThat(d.accountId()).isNull();
        assertThat(d.primaryContactId()).isNull();
    }

    @Test
    void aSingleCurrencyDealIsInTheHomeCurrencyAndTakesItsStagesProbability() {
        DealRow d = deal(OPEN);

        assertThat(d.amount()).isEqualTo(new BigDecimal("8000.50"));
        assertThat(d.currencyCode()).isNull(); // the home currency, set-based
        assertThat(d.amountHome()).isEqualTo(new BigDecimal("8000.50"));
        assertThat(d.probability()).isNull();
        assertThat(d.probabilityRaw()).isNull();
        assertThat(d.dealType()).isEqualTo("existing");
    }

    @Test
    void aThinDeletedFeedEntryIsNotMappedButAFullTombstoneIsFlaggedWithItsValues() {
        ObjectNode thin = JSON.createObjectNode().put("id", WON).put("display_name", "Acme GmbH – renewal")
                .put("type", "recycle").put("deleted_time", "2024-07-20T10:00:00+02:00");
        thin.putObject("deleted_by").put("name", "Sam Seller").put("id", "4876876000000301001");
        assertThat(ZohoRecord.TOMBSTONES.isThin(raw("deals", thin, true))).isTrue();
        assertThat(ZohoRecord.TOMBSTONES.skippingThin(deals).map(raw("deals", thin, true)).writes()).isEmpty();

        DealRow full = only(deals.map(raw("deals", record("deals.json", WON), true)), DealRow.TABLE);
        assertThat(full.isDeleted()).isTrue();
        assertThat(full.amount()).isEqualTo(new BigDecimal("25000.00"));
        assertThat(ZohoRecord.TOMBSTONES.isThin(raw("deals", record("deals.json", WON), true))).isFalse();
    }

    @Test
    void aPipelinesMapsAreItsStagesClosedAndWonByForecastType() {
        Normalized n = ZohoPipelineMapper.pipelines().map(raw("pipelines", record("pipelines.json", STANDARD)));

        PipelineRow p = only(n, PipelineRow.TABLE);
        assertThat(p.pipelineId()).isEqualTo(id("pipeline", STANDARD));
        assertThat(p.name()).isEqualTo("Standard");
        assertThat(p.objectType()).isEqualTo("deal");
        assertThat(ZohoFixtures.write(n, StageRow.TABLE).keyColumn()).isEqualTo("pipeline_id");
        assertThat(ZohoFixtures.<StageRow>rows(n, StageRow.TABLE))
                .extracting(StageRow::stageId, StageRow::displayOrder, StageRow::isClosed, StageRow::isWon,
                        StageRow::forecastCategoryDefault, StageRow::pipelineId)
                .containsExactly(
                        tuple(id("stage", STANDARD + ":Qualification"), 1, false, false, "Pipeline", p.pipelineId()),
                        tuple(id("stage", STANDARD + ":Negotiation/Review"), 2, false, false, "Pipeline", p.pipelineId()),
                        tuple(id("stage", STANDARD + ":Closed Won"), 3, true, true, "Closed", p.pipelineId()),
                        tuple(id("stage", STANDARD + ":Closed Lost"), 4, true, false, "Omitted", p.pipelineId()));
    }

    @Test
    void theStageHistoryIsOrderedByEntryTimeAndAnAmountChangeInTheSameStageIsNoNewRow() {
        Normalized n = new ZohoStageHistoryMapper().map(raw("deal_stage_history",
                record("deal_stage_history.json", WON)));

        assertThat(ZohoFixtures.write(n, DealStageHistoryRow.TABLE).key()).isEqualTo(id("deal", WON));
        assertThat(ZohoFixtures.<DealStageHistoryRow>rows(n, DealStageHistoryRow.TABLE))
                .extracting(DealStageHistoryRow::seq, DealStageHistoryRow::stageId, DealStageHistoryRow::enteredAt,
                        DealStageHistoryRow::exitedAt, DealStageHistoryRow::origin)
                .containsExactly(
                        tuple(1, id("stage-name", "Qualification"), Instant.parse("2024-05-01T09:12:44Z"),
                                Instant.parse("2024-06-01T08:00:00Z"), "history"),
                        tuple(2, id("stage-name", "Negotiation/Review"), Instant.parse("2024-06-01T08:00:00Z"),
                                Instant.parse("2024-07-10T14:03:11Z"), "history"),
                        tuple(3, id("stage-name", "Closed Won"), Instant.parse("2024-07-10T14:03:11Z"), null,
                                "history"));
    }

    @Test
    void aConvertedLeadNamesTheDealContactAndAccountItBecame() {
        LeadRow l = only(ZohoAccountMapper.leads().map(raw("leads", record("leads.json", "4876876000000333001"))),
                LeadRow.TABLE);

        assertThat(l.isConverted()).isTrue();
        assertThat(l.convertedAt()).isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
        assertThat(l.convertedDealId()).isEqualTo(id("deal", WON));
        assertThat(l.convertedContactId()).isEqualTo(id("contact", "4876876000000412101"));
        assertThat(l.convertedAccountId()).isEqualTo(id("account", "4876876000000412005"));
        assertThat(l.contactId()).isEqualTo(l.convertedContactId());
        assertThat(l.status()).isEqualTo("Qualified");
        assertThat(l.leadStatusRaw()).isEqualTo("Qualified");
        assertThat(l.leadStatus()).isEqualTo("converted");
        assertThat(l.leadSourceRaw()).isEqualTo("Web Download");
        assertThat(l.createdAt()).isEqualTo(Instant.parse("2024-02-20T15:30:00Z"));

        // lookups instead of plain ids in $converted_detail read the same
        ObjectNode asLookups = record("leads.json", "4876876000000333001");
        asLookups.withObject("$converted_detail").putObject("deal").put("name", "x").put("id", WON);
        assertThat(ZohoFixtures.<LeadRow>only(ZohoAccountMapper.leads().map(raw("leads", asLookups)), LeadRow.TABLE)
                .convertedDealId())
                .isEqualTo(id("deal", WON));

        LeadRow open = only(ZohoAccountMapper.leads().map(raw("leads", record("leads.json", "4876876000000333002"))),
                LeadRow.TABLE);
        assertThat(open.isConverted()).isFalse();
        assertThat(open.convertedDealId()).isNull();
        assertThat(open.convertedAt()).isNull();
        assertThat(open.email()).isEqualTo("max@beta.example");
    }

    @Test
    void aCallHasItsOutcomeDirectionAndDurationInSecondsOrFromMinutesAndSeconds() {
        ActivityRow logged = call("4876876000000610001");
        assertThat(logged.type()).isEqualTo("call");
        assertThat(logged.direction()).isEqualTo("outbound");
        assertThat(logged.outcomeRaw()).isEqualTo("Interested");
        assertThat(logged.durationS()).isEqualTo(330);
        assertThat(logged.occurredAt()).isEqualTo(Instant.parse("2024-06-14T13:30:00Z"));
        assertThat(logged.isDone()).isTrue();
        assertThat(logged.dealId()).isEqualTo(id("deal", WON));
        assertThat(logged.contactId()).isEqualTo(id("contact", "4876876000000412101"));
        assertThat(logged.accountId()).isNull();

        ActivityRow inbound = call("4876876000000610002");
        assertThat(inbound.direction()).isEqualTo("inbound");
        assertThat(inbound.durationS()).isEqualTo(12 * 60 + 5); // "12:05" is minutes and seconds
        assertThat(inbound.accountId()).isEqualTo(id("account", "4876876000000412005"));
        assertThat(inbound.dealId()).isNull();

        ActivityRow scheduled = call("4876876000000610003");
        assertThat(scheduled.isDone()).isFalse();
        assertThat(scheduled.dueAt()).isEqualTo(Instant.parse("2024-08-05T08:00:00Z"));
        assertThat(scheduled.completedAt()).isNull();
        assertThat(scheduled.durationS()).isNull();

        assertThat(ZohoActivityMapper.minutesSeconds("75:30")).isEqualTo(4530);
        assertThat(ZohoActivityMapper.minutesSeconds("1:2:3")).isNull();
        assertThat(ZohoActivityMapper.minutesSeconds("ab:cd")).isNull();
    }

    @Test
    void tasksAreDoneWhenCompletedAndEventsAreMeetingsDoneOnceEnded() {
        ActivityRow task = only(ZohoActivityMapper.tasks().map(raw("tasks", record("tasks.json", "4876876000000620001"))),
                ActivityRow.TABLE);
        assertThat(task.type()).isEqualTo("task");
        assertThat(task.isDone()).isTrue();
        assertThat(task.outcomeRaw()).isEqualTo("Completed");
        assertThat(task.dueAt()).isEqualTo(Instant.parse("2024-06-16T00:00:00Z"));
        assertThat(task.completedAt()).isEqualTo(Instant.parse("2024-06-15T16:00:00Z"));
        assertThat(task.occurredAt()).isEqualTo(task.completedAt());

        ActivityRow past = only(ZohoActivityMapper.events().map(raw("events",
                record("events.json", "4876876000000630001"))), ActivityRow.TABLE);
        assertThat(past.type()).isEqualTo("meeting");
        assertThat(past.subject()).isEqualTo("Kick-off at Acme");
        assertThat(past.occurredAt()).isEqualTo(Instant.parse("2024-06-05T08:00:00Z"));
        assertThat(past.durationS()).isEqualTo(5400);
        assertThat(past.isDone()).isTrue();
        assertThat(past.accountId()).isEqualTo(id("account", "4876876000000412005"));

        ActivityRow future = only(ZohoActivityMapper.events().map(raw("events",
                record("events.json", "4876876000000630002"))), ActivityRow.TABLE);
        assertThat(future.isDone()).isFalse();
        assertThat(future.occurredAt()).isEqualTo(Instant.parse("2024-09-05T09:00:00Z"));
        assertThat(future.dealId()).isEqualTo(id("deal", OPEN));
    }

    @Test
    void usersRolesAccountsAndProductsMapTheirZohoFields() {
        OwnerRow active = only(ZohoPeopleMapper.users().map(raw("users", record("users.json", "4876876000000301001"))),
                OwnerRow.TABLE);
        assertThat(active.name()).isEqualTo("Sam Seller");
        assertThat(active.email()).isEqualTo("sam@acme.example");
        assertThat(active.teamId()).isEqualTo(id("team", "4876876000000026008"));
        assertThat(active.isActive()).isTrue();
        OwnerRow disabled = only(ZohoPeopleMapper.users().map(raw("users",
                record("users.json", "4876876000000301002"))), OwnerRow.TABLE);
        assertThat(disabled.isActive()).isFalse();
        assertThat(disabled.isDeleted()).isFalse();

        TeamRow team = only(ZohoPeopleMapper.roles().map(raw("roles", record("roles.json", "4876876000000026008"))),
                TeamRow.TABLE);
        assertThat(team.name()).isEqualTo("Sales DACH");
        assertThat(team.parentTeamId()).isEqualTo(id("team", "4876876000000026005"));

        AccountRow account = only(ZohoAccountMapper.accounts().map(raw("accounts",
                record("accounts.json", "4876876000000412005"))), AccountRow.TABLE);
        assertThat(account.domain()).isEqualTo("acme.de");
        assertThat(account.employeeCount()).isEqualTo(250);
        assertThat(account.country()).isEqualTo("Germany");

        ProductRow seat = only(ZohoProductMapper.products().map(raw("products",
                record("products.json", "4876876000000700001"))), ProductRow.TABLE);
        assertThat(seat.sku()).isEqualTo("AN-SEAT");
        assertThat(seat.unitPrice()).isEqualTo(new BigDecimal("1200.00"));
        assertThat(seat.unitCost()).isEqualTo(new BigDecimal("300.00"));
        assertThat(seat.family()).isEqualTo("Software");
        ProductRow inactive = only(ZohoProductMapper.products().map(raw("products",
                record("products.json", "4876876000000700002"))), ProductRow.TABLE);
        assertThat(inactive.unitCost()).isNull();
        assertThat(inactive.isDeleted()).isFalse();
    }

    private static ActivityRow call(String id) {
        return only(ZohoActivityMapper.calls().map(raw("calls", record("calls.json", id))), ActivityRow.TABLE);
    }
}
