package io.crmw.etl.normalize.pipedrive;

import static io.crmw.etl.normalize.pipedrive.PipedriveFixtures.EXTRACTED;
import static io.crmw.etl.normalize.pipedrive.PipedriveFixtures.id;
import static io.crmw.etl.normalize.pipedrive.PipedriveFixtures.only;
import static io.crmw.etl.normalize.pipedrive.PipedriveFixtures.raw;
import static io.crmw.etl.normalize.pipedrive.PipedriveFixtures.record;
import static io.crmw.etl.normalize.pipedrive.PipedriveFixtures.records;
import static io.crmw.etl.normalize.pipedrive.PipedriveFixtures.rows;
import static io.crmw.etl.normalize.pipedrive.PipedriveFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.core.AccountRow;
import io.crmw.etl.normalize.core.ActivityRow;
import io.crmw.etl.normalize.core.ContactRow;
import io.crmw.etl.normalize.core.DealContactRow;
import io.crmw.etl.normalize.core.DealRow;
import io.crmw.etl.normalize.core.DealStageHistoryRow;
import io.crmw.etl.normalize.core.LeadRow;
import io.crmw.etl.normalize.core.LineItemRow;
import io.crmw.etl.normalize.core.OwnerRow;
import io.crmw.etl.normalize.core.PipelineRow;
import io.crmw.etl.normalize.core.ProductRow;
import io.crmw.etl.normalize.core.StageRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Pipedrive's per-record mappers over vendor-format fixtures: pure functions, asserted value by value. */
class PipedriveMappersTest {

    private final PipedriveDealMapper deals = new PipedriveDealMapper();

    private DealRow deal(String id) {
        return only(deals.map(raw("deals", record("deals.json", id))), DealRow.TABLE);
    }

    @Test
    void aLostDealTakesStatusAmountAndCloseFromItselfNotFromItsStage() {
        DealRow d = deal("812");

        assertThat(d.dealId()).isEqualTo(id("deal", "812"));
        assertThat(d.name()).isEqualTo("Acme GmbH – renewal");
        assertThat(d.status()).isEqualTo("lost");
        assertThat(d.amount()).isEqualTo(new BigDecimal("25000.00"));
        assertThat(d.currencyCode()).isEqualTo("EUR");
        assertThat(d.pipelineId()).isEqualTo(id("pipeline", "1"));
        assertThat(d.stageId()).isEqualTo(id("stage", "4"));
        assertThat(d.closedAt()).isEqualTo(Instant.parse("2024-05-20T14:03:11Z"));
        assertThat(d.closeDate()).isEqualTo(LocalDate.of(2024, 5, 20)); // not the expected 2024-07-15
        assertThat(d.createdAt()).isEqualTo(Instant.parse("2024-05-01T09:12:44Z"));
        assertThat(d.updatedAt()).isEqualTo(Instant.parse("2024-05-20T14:03:11Z"));
        assertThat(d.probability()).isNull(); // none of its own: the stage's, set-based
        assertThat(d.probabilityRaw()).isNull();
        assertThat(d.lostReasonRaw()).isEqualTo("Chose competitor");
        assertThat(d.leadSourceRaw()).isEqualTo("ManuallyCreated"); // no channel: the origin
        assertThat(d.ownerId()).isEqualTo(id("owner", "18"));
        assertThat(d.accountId()).isEqualTo(id("account", "5"));
        assertThat(d.primaryContactId()).isEqualTo(id("contact", "1101"));
        assertThat(d.isDeleted()).isFalse();
        assertThat(d.syncedAt()).isEqualTo(EXTRACTED);
        assertThat(rows(deals.map(raw("deals", record("deals.json", "812"))), DealContactRow.TABLE))
                .extracting(r -> ((DealContactRow) r).contactId()).containsExactly(id("contact", "1101"));
    }

    @Test
    void aWonDealKeepsItsOwnPercentProbabilityAsAFractionAndClosesAtItsWonTime() {
        DealRow d = deal("813");

        assertThat(d.status()).isEqualTo("won");
        assertThat(d.probabilityRaw()).isEqualTo("90");
        assertThat(d.probability()).isEqualTo(0.9);
        assertThat(d.amount()).isEqualTo(new BigDecimal("12500.50"));
        assertThat(d.currencyCode()).isEqualTo("USD");
        assertThat(d.closedAt()).isEqualTo(Instant.parse("2024-06-30T23:30:00.125Z")); // v2 time with milliseconds
        assertThat(d.closeDate()).isEqualTo(LocalDate.of(2024, 6, 30));
        assertThat(d.leadSourceRaw()).isEqualTo("7"); // the channel wins over the origin
        assertThat(d.primaryContactId()).isNull();
    }

    @Test
    void anOpenDealHasNoCloseTimeAndItsExpectedCloseDate() {
        DealRow d = deal("814");

        assertThat(d.status()).isEqualTo("open");
        assertThat(d.closedAt()).isNull();
        assertThat(d.closeDate()).isEqualTo(LocalDate.of(2024, 9, 30));
        assertThat(d.accountId()).isNull();
    }

    @Test
    void aDeletedDealIsFlaggedAndAnArchivedDealIsLive() {
        DealRow deleted = deal("816");
        assertThat(deleted.isDeleted()).isTrue();
        assertThat(deleted.status()).isEqualTo("open"); // "deleted" is no status: neither won nor lost time

        ObjectNode lostThenDeleted = record("deals.json", "812").put("status", "deleted").put("is_deleted", true);
        DealRow flagged = only(deals.map(raw("deals", lostThenDeleted, true)), DealRow.TABLE);
        assertThat(flagged.isDeleted()).isTrue();
        assertThat(flagged.status()).isEqualTo("lost");
        assertThat(flagged.amount()).isEqualTo(new BigDecimal("25000.00")); // the last known values stay

        DealRow archived = deal("817");
        assertThat(archived.isDeleted()).isFalse();
        assertThat(archived.status()).isEqualTo("won");
        assertThat(archived.closedAt()).isEqualTo(Instant.parse("2023-03-01T12:00:00Z"));
    }

    @Test
    void v1TimesAndEmbeddedReferencesReadLikeTheirV2Forms() {
        ObjectNode v1 = record("deals.json", "812");
        v1.remove("owner_id");
        v1.putObject("user_id").put("id", 18).put("name", "Anna Berg").put("email", "anna.berg@acme.example");
        v1.putObject("org_id").put("value", 5).put("name", "Acme GmbH");
        v1.putObject("person_id").put("value", 1101).put("name", "Jane Doe");
        v1.put("add_time", "2024-05-01 09:12:44").put("update_time", "2024-05-20 14:03:11")
                .put("lost_time", "2024-05-20 14:03:11");

        DealRow d = only(deals.map(raw("deals", v1)), DealRow.TABLE);

        assertThat(d).extracting(DealRow::createdAt, DealRow::updatedAt, DealRow::closedAt, DealRow::ownerId,
                        DealRow::accountId, DealRow::primaryContactId)
                .containsExactly(Instant.parse("2024-05-01T09:12:44Z"), Instant.parse("2024-05-20T14:03:11Z"),
                        Instant.parse("2024-05-20T14:03:11Z"), id("owner", "18"), id("account", "5"),
                        id("contact", "1101"));
    }

    @Test
    void thinTombstonesWriteNothingAndAreFlaggedSetBased() {
        ObjectNode thin = PipedriveFixtures.JSON.createObjectNode().put("id", 812);
        var normalizer = new PipedriveNormalizer().streams().stream()
                .filter(s -> s.stream().equals("deals")).findFirst().orElseThrow();

        assertThat(normalizer.mapper().map(raw("deals", thin, true)).writes()).isEmpty();
        assertThat(normalizer.finishSql().get(0)).startsWith("update core.deal as c\nset is_deleted = true, synced_at");
        assertThat(normalizer.mapper().map(raw("deals", record("deals.json", "816"), true)).writes()).isNotEmpty();
    }

    @Test
    void usersAreOwnersAndDeactivatedUsersStayInactive() {
        List<ObjectNode> users = records("users.json");
        OwnerRow anna = only(new PipedriveOwnerMapper().map(raw("users", users.get(0))), OwnerRow.TABLE);
        OwnerRow ben = only(new PipedriveOwnerMapper().map(raw("users", users.get(1))), OwnerRow.TABLE);

        assertThat(anna.ownerId()).isEqualTo(id("owner", "18"));
        assertThat(anna.name()).isEqualTo("Anna Berg");
        assertThat(anna.email()).isEqualTo("anna.berg@acme.example");
        assertThat(anna.isActive()).isTrue();
        assertThat(ben.isActive()).isFalse();
        assertThat(ben.isDeleted()).isFalse();
    }

    @Test
    void stagesAreOpenAndTheirDealProbabilityIsAFraction() {
        PipelineRow pipeline = only(PipedrivePipelineMapper.pipelines().map(raw("pipelines",
                records("pipelines.json").get(0))), PipelineRow.TABLE);
        assertThat(pipeline).extracting(PipelineRow::pipelineId, PipelineRow::name, PipelineRow::objectType,
                PipelineRow::displayOrder, PipelineRow::isActive).containsExactly(id("pipeline", "1"), "New business",
                "deal", 1, true);

        StageRow stage = only(PipedrivePipelineMapper.stages().map(raw("stages", record("stages.json", "2"))),
                StageRow.TABLE);
        assertThat(stage).extracting(StageRow::stageId, StageRow::pipelineId, StageRow::name, StageRow::displayOrder,
                        StageRow::probabilityRaw, StageRow::probability, StageRow::isClosed, StageRow::isWon)
                .containsExactly(id("stage", "2"), id("pipeline", "1"), "Demo scheduled", 2, "40", 0.4, false, false);
    }

    @Test
    void organizationsAndPersonsBecomeAccountsAndContacts() {
        AccountRow a = only(PipedriveContactMapper.organizations().map(raw("organizations",
                records("organization.json").get(0))), AccountRow.TABLE);
        assertThat(a).extracting(AccountRow::accountId, AccountRow::name, AccountRow::domain, AccountRow::country,
                AccountRow::ownerId).containsExactly(id("account", "5"), "Acme GmbH", "acme.de", "Germany",
                id("owner", "18"));
        assertThat(a.createdAt()).isEqualTo(Instant.parse("2024-03-01T08:00:00Z"));

        ContactRow c = only(PipedriveContactMapper.persons().map(raw("persons", records("person.json").get(0))),
                ContactRow.TABLE);
        assertThat(c).extracting(ContactRow::contactId, ContactRow::accountId, ContactRow::email,
                ContactRow::firstName, ContactRow::lastName, ContactRow::ownerId).containsExactly(id("contact", "1101"),
                id("account", "5"), "jane.doe@acme.de", "Jane", "Doe", id("owner", "18"));
        assertThat(c.updatedAt()).isEqualTo(Instant.parse("2024-05-20T10:00:00.250Z"));

        ObjectNode noPrimary = records("person.json").get(0);
        noPrimary.withArray("emails").forEach(e -> ((ObjectNode) e).put("primary", false));
        assertThat(((ContactRow) only(PipedriveContactMapper.persons().map(raw("persons", noPrimary)),
                ContactRow.TABLE)).email()).isEqualTo("jane@private.example"); // no primary: the first
    }

    @Test
    void leadsKeepTheirSourceAndArchivedLeadsAreStillLeads() {
        List<ObjectNode> leads = records("leads.json");
        LeadRow open = only(PipedriveContactMapper.leads().map(raw("leads", leads.get(0))), LeadRow.TABLE);
        LeadRow archived = only(PipedriveContactMapper.leads().map(raw("leads", leads.get(1))), LeadRow.TABLE);

        assertThat(open).extracting(LeadRow::leadId, LeadRow::contactId, LeadRow::accountId, LeadRow::ownerId,
                LeadRow::status, LeadRow::leadSourceRaw, LeadRow::createdAt, LeadRow::isDeleted).containsExactly(
                id("lead", "adf21080-0e10-11eb-879b-05d71fb426ec"), id("contact", "1101"), id("account", "5"),
                id("owner", "18"), "open", "Web forms", Instant.parse("2024-05-14T11:30:36.551Z"), false);
        assertThat(archived).extracting(LeadRow::status, LeadRow::leadSourceRaw, LeadRow::contactId,
                LeadRow::isDeleted).containsExactly("archived", "API", null, false);
        // no status in Pipedrive: labelled by a rep = working, archived = unqualified; label names come set-based
        assertThat(open).extracting(LeadRow::leadStatus, LeadRow::leadStatusRaw).containsExactly("working", null);
        assertThat(archived).extracting(LeadRow::leadStatus, LeadRow::leadStatusRaw).containsExactly("unqualified", null);
    }

    @Test
    void productsTakePriceCostAndCurrencyFromTheirPrice() {
        ProductRow p = only(PipedriveProductMapper.products().map(raw("products", records("product.json").get(0))),
                ProductRow.TABLE);

        assertThat(p).extracting(ProductRow::productId, ProductRow::name, ProductRow::sku, ProductRow::family,
                        ProductRow::unitPrice, ProductRow::unitCost, ProductRow::currencyCode, ProductRow::isRecurring,
                        ProductRow::billingPeriodMonths)
                .containsExactly(id("product", "301"), "Analytics seat", "AN-SEAT", "Software",
                        new BigDecimal("1200.00"), new BigDecimal("300.00"), "EUR", true, 12);
    }

    @Test
    void aDealsProductsAreItsLineItemsAsOneSet() {
        Normalized n = PipedriveProductMapper.dealProducts().map(raw("deal_products",
                records("deal_products.json").get(0)));

        assertThat(write(n, LineItemRow.TABLE).keyColumn()).isEqualTo("deal_id");
        assertThat(write(n, LineItemRow.TABLE).key()).isEqualTo(id("deal", "812"));
        assertThat(rows(n, LineItemRow.TABLE)).extracting(r -> (LineItemRow) r)
                .extracting(LineItemRow::sourceId, LineItemRow::productId, LineItemRow::quantity,
                        LineItemRow::unitPrice, LineItemRow::discountAmount, LineItemRow::lineAmount,
                        LineItemRow::currencyCode, LineItemRow::isRecurring, LineItemRow::billingPeriodMonths,
                        LineItemRow::termMonths)
                .containsExactly(
                        // 10 % of 20 × 1200; three annual cycles
                        tuple("9001", id("product", "301"), new BigDecimal("20.0000"), new BigDecimal("1200.00"),
                                new BigDecimal("2400.00"), new BigDecimal("21600.00"), "EUR", true, 12, 36),
                        // a fixed amount off, billed once; the disabled optional line 9003 is left out
                        tuple("9002", id("product", "302"), new BigDecimal("1.0000"), new BigDecimal("500.00"),
                                new BigDecimal("50.00"), new BigDecimal("450.00"), "EUR", false, null, null));

        ObjectNode empty = records("deal_products.json").get(0);
        empty.putArray("data");
        assertThat(write(PipedriveProductMapper.dealProducts().map(raw("deal_products", empty)), LineItemRow.TABLE)
                .rows()).isEmpty(); // every product removed: the deal's lines go
    }

    @Test
    void theChangelogGivesTheStageHistoryInOrderFromTheDealsCreation() {
        Normalized n = new PipedriveStageHistoryMapper().map(raw("deal_changelog",
                records("deal_changelog.json").get(0)));

        assertThat(write(n, DealStageHistoryRow.TABLE).key()).isEqualTo(id("deal", "812"));
        assertThat(rows(n, DealStageHistoryRow.TABLE)).extracting(r -> (DealStageHistoryRow) r)
                .extracting(DealStageHistoryRow::seq, DealStageHistoryRow::stageId, DealStageHistoryRow::enteredAt,
                        DealStageHistoryRow::exitedAt, DealStageHistoryRow::origin)
                .containsExactly(
                        tuple(1, id("stage", "1"), Instant.parse("2024-05-01T09:12:44Z"),
                                Instant.parse("2024-05-08T11:30:00Z"), "history"),
                        // two moves in the same second (listed newest first): 1 → 2 before 2 → 3
                        tuple(2, id("stage", "2"), Instant.parse("2024-05-08T11:30:00Z"),
                                Instant.parse("2024-05-08T11:30:00Z"), "history"),
                        tuple(3, id("stage", "3"), Instant.parse("2024-05-08T11:30:00Z"),
                                Instant.parse("2024-05-15T10:00:00Z"), "history"),
                        tuple(4, id("stage", "4"), Instant.parse("2024-05-15T10:00:00Z"), null, "history"));
    }

    @Test
    void aDealThatNeverMovedSitsInItsCurrentStageSinceItsCreation() {
        ObjectNode unmoved = records("deal_changelog.json").get(0);
        unmoved.putArray("data").addObject().put("field_key", "value").put("old_value", "1").put("new_value", "2")
                .put("time", "2024-05-09 16:20:00");

        List<DealStageHistoryRow> rows = rows(new PipedriveStageHistoryMapper().map(raw("deal_changelog", unmoved)),
                DealStageHistoryRow.TABLE);

        assertThat(rows).extracting(DealStageHistoryRow::seq, DealStageHistoryRow::stageId,
                DealStageHistoryRow::enteredAt, DealStageHistoryRow::exitedAt).containsExactly(
                tuple(1, id("stage", "4"), Instant.parse("2024-05-01T09:12:44Z"), null));
    }

    @Test
    void activitiesHaveTheirTypeDueInstantDurationAndLinks() {
        List<ObjectNode> activities = records("activities.json");
        ActivityRow call = only(PipedriveActivityMapper.activities().map(raw("activities", activities.get(0))),
                ActivityRow.TABLE);
        ActivityRow deadline = only(PipedriveActivityMapper.activities().map(raw("activities", activities.get(1))),
                ActivityRow.TABLE);
        ActivityRow lunch = only(PipedriveActivityMapper.activities().map(raw("activities", activities.get(2))),
                ActivityRow.TABLE);

        assertThat(call).extracting(ActivityRow::activityId, ActivityRow::type, ActivityRow::subtype,
                        ActivityRow::dueAt, ActivityRow::occurredAt, ActivityRow::completedAt, ActivityRow::isDone,
                        ActivityRow::durationS, ActivityRow::dealId, ActivityRow::contactId, ActivityRow::accountId,
                        ActivityRow::ownerId)
                .containsExactly(id("activity", "7001"), "call", "call", Instant.parse("2024-05-03T09:00:00Z"),
                        Instant.parse("2024-05-03T09:00:00Z"), Instant.parse("2024-05-03T09:45:00Z"), true, 2700,
                        id("deal", "812"), id("contact", "1101"), id("account", "5"), id("owner", "18"));
        assertThat(deadline).extracting(ActivityRow::type, ActivityRow::subtype, ActivityRow::dueAt,
                        ActivityRow::isDone, ActivityRow::completedAt, ActivityRow::durationS, ActivityRow::contactId)
                .containsExactly("task", "deadline", Instant.parse("2024-05-17T00:00:00Z"), false, null, null,
                        id("contact", "1103")); // no person_id: the primary participant
        assertThat(lunch).extracting(ActivityRow::type, ActivityRow::dueAt, ActivityRow::durationS,
                ActivityRow::isDeleted).containsExactly("meeting", Instant.parse("2024-04-19T11:30:00Z"), 5400, true);
    }

    @Test
    void notesAreActivitiesOfTheirOwnNumberingWithV1Times() {
        ObjectNode note = records("note.json").get(0);
        ActivityRow n = only(PipedriveActivityMapper.notes().map(raw("notes", note)), ActivityRow.TABLE);

        assertThat(n).extracting(ActivityRow::activityId, ActivityRow::sourceId, ActivityRow::type,
                        ActivityRow::subject, ActivityRow::occurredAt, ActivityRow::ownerId, ActivityRow::dealId,
                        ActivityRow::isDeleted)
                .containsExactly(id("activity", "note-7001"), "note-7001", "note", "Jane prefers a three-year term.",
                        Instant.parse("2024-05-03T10:02:00Z"), id("owner", "18"), id("deal", "812"), false);
        note.put("active_flag", false);
        assertThat(((ActivityRow) only(PipedriveActivityMapper.notes().map(raw("notes", note)), ActivityRow.TABLE))
                .isDeleted()).isTrue();
    }
}
