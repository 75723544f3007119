package io.crmw.etl.normalize.salesforce;

import static io.crmw.etl.normalize.salesforce.SalesforceFixtures.EXTRACTED;
import static io.crmw.etl.normalize.salesforce.SalesforceFixtures.id;
import static io.crmw.etl.normalize.salesforce.SalesforceFixtures.only;
import static io.crmw.etl.normalize.salesforce.SalesforceFixtures.raw;
import static io.crmw.etl.normalize.salesforce.SalesforceFixtures.records;
import static io.crmw.etl.normalize.salesforce.SalesforceFixtures.rows;
import static io.crmw.etl.normalize.salesforce.SalesforceFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.crmw.etl.normalize.Fields;
import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.Vocabulary;
import io.crmw.etl.normalize.core.DealContactRow;
import io.crmw.etl.normalize.core.DealRow;
import io.crmw.etl.normalize.core.PipelineRow;
import io.crmw.etl.normalize.core.StageRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class SalesforceOpportunityMapperTest {

    private final SalesforceOpportunityMapper mapper = new SalesforceOpportunityMapper();

    @Test
    void wonOpportunityKeepsAmountCurrencyPercentAndCloseDateAsIs() {
        Normalized n = mapper.map(raw("opportunities", "opportunity_won.json"));
        DealRow d = only(n, DealRow.TABLE);

        assertThat(d.dealId()).isEqualTo("salesforce-main:deal:0065g00000XyZabAAB");
        assertThat(d.sourceSystem()).isEqualTo("salesforce-main");
        assertThat(d.sourceId()).isEqualTo("0065g00000XyZabAAB");
        assertThat(d.name()).isEqualTo("Acme GmbH – platform");
        assertThat(d.status()).isEqualTo("won");
        assertThat(d.amount()).isEqualTo(new BigDecimal("25000.00"));
        assertThat(d.currencyCode()).isEqualTo("EUR");
        assertThat(d.amountHome()).isNull();
        assertThat(d.probabilityRaw()).isEqualTo("100.0");
        assertThat(d.probability()).isEqualTo(1.0);
        assertThat(d.forecastCategory()).isEqualTo("Closed");
        assertThat(d.closeDate()).isEqualTo(LocalDate.of(2024, 7, 15));
        assertThat(d.closedAt()).isNull(); // from the history, by finishing SQL
        assertThat(d.createdAt()).isEqualTo(Instant.parse("2024-05-01T09:12:44Z")); // the +0000 offset
        assertThat(d.updatedAt()).isEqualTo(Instant.parse("2024-07-15T14:03:11Z"));
        assertThat(d.pipelineId()).isEqualTo("salesforce-main:pipeline:default");
        assertThat(d.stageId()).isEqualTo("salesforce-main:stage:Closed Won");
        assertThat(d.ownerId()).isEqualTo(id("owner", "0055g00000Q1w2eAAB"));
        assertThat(d.accountId()).isEqualTo(id("account", "0015g00000AbCdeAAF"));
        assertThat(d.primaryContactId()).isEqualTo(id("contact", "0035g00000LmNopAAB"));
        assertThat(d.campaignId()).isEqualTo(id("campaign", "7015g000000Camp1AAA"));
        assertThat(d.leadSourceRaw()).isEqualTo("Web");
        assertThat(d.dealType()).isEqualTo("new");
        assertThat(d.lostReasonRaw()).isNull();
        assertThat(d.mergedIntoId()).isNull();
        assertThat(d.isDeleted()).isFalse();
        assertThat(d.syncedAt()).isEqualTo(EXTRACTED);
        assertThat(rows(n, DealContactRow.TABLE)).extracting(r -> ((DealContactRow) r).contactId())
                .containsExactly(id("contact", "0035g00000LmNopAAB"));
        assertThat(n.writes()).noneMatch(w -> w.table().equals("deal_stage_history"));
    }

    @Test
    void lostOpportunityHasZeroProbabilityLossReasonAndNoQueueOwner() {
        DealRow d = only(mapper.map(raw("opportunities", "opportunity_lost.json")), DealRow.TABLE);

        assertThat(d.status()).isEqualTo("lost");
        assertThat(d.probabilityRaw()).isEqualTo("0");
        assertThat(d.probability()).isEqualTo(0.0);
        assertThat(d.amount()).isEqualTo(new BigDecimal("1200.50"));
        assertThat(d.currencyCode()).isEqualTo("USD");
        assertThat(d.lostReasonRaw()).isEqualTo("Chose competitor");
        assertThat(d.dealType()).isEqualTo("renewal");
        assertThat(d.forecastCategory()).isEqualTo("Omitted");
        assertThat(d.ownerId()).isNull(); // owned by a queue (00G…)
        assertThat(d.campaignId()).isNull();
        assertThat(d.updatedAt()).isEqualTo(Instant.parse("2024-05-10T16:30:00Z")); // SystemModstamp
    }

    @Test
    void openOpportunityDividesThePercentAndLeavesAMissingCurrencyNull() {
        Normalized n = mapper.map(raw("opportunities", "opportunity_open.json"));
        DealRow d = only(n, DealRow.TABLE);

        assertThat(d.status()).isEqualTo("open");
        assertThat(d.probability()).isEqualTo(0.9);
        assertThat(d.probabilityRaw()).isEqualTo("90.0");
        assertThat(d.amount()).isEqualTo(new BigDecimal("10000.00")); // decimal(18,2), half up
        assertThat(d.currencyCode()).isNull(); // corporate currency set by finishing SQL when CurrencyType is landed
        assertThat(d.closeDate()).isEqualTo(LocalDate.of(2024, 9, 30));
        assertThat(d.createdAt()).isEqualTo(Instant.parse("2024-06-03T23:30:00Z"));
        assertThat(d.dealType()).isEqualTo("existing");
        assertThat(d.stageId()).isEqualTo("salesforce-main:stage:Negotiation/Review");
        assertThat(d.primaryContactId()).isNull();
        assertThat(write(n, DealContactRow.TABLE).rows()).isEmpty();
    }

    @Test
    void bulkCsvStringsParseLenientlyAndMissingFlagsLeaveTheStatusToTheStage() {
        DealRow d = only(mapper.map(raw("opportunities", "opportunity_bulk.json")), DealRow.TABLE);

        assertThat(d.status()).isNull();
        assertThat(d.amount()).isEqualTo(new BigDecimal("1250.75"));
        assertThat(d.currencyCode()).isNull();
        assertThat(d.probability()).isEqualTo(0.1);
        assertThat(d.forecastCategory()).isNull();
        assertThat(d.dealType()).isNull();
        assertThat(d.createdAt()).isEqualTo(Instant.parse("2024-08-01T07:00:00Z"));
        assertThat(d.closeDate()).isEqualTo(LocalDate.of(2024, 12, 31));
        assertThat(d.isDeleted()).isFalse();
    }

    @Test
    void tombstonesAndSoftDeletedRecordsAreFlagged() {
        ObjectNode won = records("opportunity_won.json").get(0);
        assertThat(((DealRow) only(mapper.map(raw("opportunities", won, true)), DealRow.TABLE)).isDeleted()).isTrue();

        won.put("IsDeleted", true);
        DealRow softDeleted = only(mapper.map(raw("opportunities", won, false)), DealRow.TABLE);
        assertThat(softDeleted.isDeleted()).isTrue();
        assertThat(softDeleted.amount()).isEqualTo(new BigDecimal("25000.00")); // the last known values stay
    }

    @Test
    void thinTombstonesWriteNothingAndAreFlaggedSetBased() {
        ObjectNode thin = SalesforceFixtures.JSON.createObjectNode();
        thin.putObject("attributes").put("type", "Opportunity");
        thin.put("Id", "0065g00000XyZacAAB").put("SystemModstamp", "2024-08-02T10:00:00.000+0000").put("IsDeleted", true);
        var normalizer = new SalesforceNormalizer().streams().stream()
                .filter(s -> s.stream().equals("opportunities")).findFirst().orElseThrow();

        assertThat(normalizer.mapper().map(raw("opportunities", thin, false)).writes()).isEmpty();
        assertThat(normalizer.mapper().map(raw("opportunities", thin.deepCopy().put("IsDeleted", false), true)).writes())
                .isEmpty();
        assertThat(normalizer.finishSql().get(0)).startsWith("update core.deal as c\nset is_deleted = true, synced_at");
        // a full record, even deleted, is mapped
        assertThat(normalizer.mapper().map(raw("opportunities", "opportunity_lost.json")).writes()).isNotEmpty();
    }

    @Test
    void badValuesBecomeNullWithoutFailingTheRecord() {
        ObjectNode bad = records("opportunity_open.json").get(0);
        bad.put("Amount", "n/a").put("Probability", "150").put("CloseDate", "someday").put("CreatedDate", "2024-13-01T00:00:00.000+0000");

        DealRow d = only(mapper.map(raw("opportunities", bad, false)), DealRow.TABLE);

        assertThat(d.amount()).isNull();
        assertThat(d.probability()).isNull();
        assertThat(d.probabilityRaw()).isEqualTo("150");
        assertThat(d.closeDate()).isNull();
        assertThat(d.createdAt()).isNull();
        assertThat(d.status()).isEqualTo("open");
    }

    @Test
    void dealTypesFromTheTypePicklist() {
        assertThat(Vocabulary.dealType("New Customer")).isEqualTo("new");
        assertThat(Vocabulary.dealType("Existing Customer - Upgrade")).isEqualTo("existing");
        assertThat(Vocabulary.dealType("Existing Customer - Replacement")).isEqualTo("existing");
        assertThat(Vocabulary.dealType("Existing Customer - Downgrade")).isEqualTo("existing");
        assertThat(Vocabulary.dealType("Renewal")).isEqualTo("renewal");
        assertThat(Vocabulary.dealType("Partner")).isNull();
    }

    @Test
    void datetimeOffsetsWithoutAColonAreUnderstood() {
        assertThat(Fields.parseInstant("2024-05-01T09:12:44.000+0000")).isEqualTo(Instant.parse("2024-05-01T09:12:44Z"));
        assertThat(Fields.parseInstant("2024-05-01T09:12:44.000-0530")).isEqualTo(Instant.parse("2024-05-01T14:42:44Z"));
        assertThat(Fields.parseInstant("2024-05-01T09:12:44Z")).isEqualTo(Instant.parse("2024-05-01T09:12:44Z"));
        assertThat(Fields.parseInstant("2024-05-01")).isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
        ObjectNode won = records("opportunity_won.json").get(0);
        won.put("CreatedDate", "2024-05-01T11:12:44.000+0200");
        DealRow d = only(mapper.map(raw("opportunities", won, false)), DealRow.TABLE);
        assertThat(d.createdAt()).isEqualTo(Instant.parse("2024-05-01T09:12:44Z"));
    }

    @Test
    void stagesDividePercentsIntoThePseudoPipeline() {
        List<ObjectNode> stages = records("opportunity_stages.json");
        SalesforceStageMapper stageMapper = new SalesforceStageMapper();

        Normalized won = stageMapper.map(raw("opportunity_stages", stages.get(2), false));
        StageRow s = only(won, StageRow.TABLE);
        assertThat(s.stageId()).isEqualTo("salesforce-main:stage:Closed Won");
        assertThat(s.sourceId()).isEqualTo("Closed Won");
        assertThat(s.pipelineId()).isEqualTo("salesforce-main:pipeline:default");
        assertThat(s.name()).isEqualTo("Closed Won");
        assertThat(s.displayOrder()).isEqualTo(9);
        assertThat(s.probabilityRaw()).isEqualTo("100.0");
        assertThat(s.probability()).isEqualTo(1.0);
        assertThat(s.isClosed()).isTrue();
        assertThat(s.isWon()).isTrue();
        assertThat(s.forecastCategoryDefault()).isEqualTo("Closed");
        assertThat(s.isActive()).isTrue();
        PipelineRow p = only(won, PipelineRow.TABLE);
        assertThat(p).extracting(PipelineRow::pipelineId, PipelineRow::sourceId, PipelineRow::objectType,
                PipelineRow::isDeleted).containsExactly("salesforce-main:pipeline:default", "default", "deal", false);

        assertThat(stages).map(st -> (StageRow) only(stageMapper.map(raw("opportunity_stages", st, false)), StageRow.TABLE))
                .extracting(StageRow::name, StageRow::probability, StageRow::isClosed, StageRow::isWon, StageRow::isActive)
                .containsExactly(
                        tuple("Prospecting", 0.1, false, false, true),
                        tuple("Negotiation/Review", 0.9, false, false, true),
                        tuple("Closed Won", 1.0, true, true, true),
                        tuple("Closed Lost", 0.0, true, false, true),
                        tuple("Id. Decision Makers", 0.6, false, false, false));
    }
}
