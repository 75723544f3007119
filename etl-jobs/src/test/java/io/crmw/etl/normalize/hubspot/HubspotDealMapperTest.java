package io.crmw.etl.normalize.hubspot;

import static io.crmw.etl.normalize.hubspot.HubspotFixtures.only;
import static io.crmw.etl.normalize.hubspot.HubspotFixtures.raw;
import static io.crmw.etl.normalize.hubspot.HubspotFixtures.rows;
import static io.crmw.etl.normalize.hubspot.HubspotFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.Vocabulary;
import io.crmw.etl.normalize.core.DealContactRow;
import io.crmw.etl.normalize.core.DealRow;
import io.crmw.etl.normalize.core.DealStageHistoryRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class HubspotDealMapperTest {

    private final HubspotDealMapper mapper = new HubspotDealMapper();

    @Test
    void wonDealKeepsCurrencyHomeAmountAndCloseDateAsDate() {
        DealRow d = only(mapper.map(raw("deals", "deal_won.json")), DealRow.TABLE);

        assertThat(d.dealId()).isEqualTo("hubspot-main:deal:18231");
        assertThat(d.sourceSystem()).isEqualTo("hubspot-main");
        assertThat(d.sourceId()).isEqualTo("18231");
        assertThat(d.name()).isEqualTo("Acme GmbH – renewal");
        assertThat(d.status()).isEqualTo("won");
        assertThat(d.amount()).isEqualByComparingTo("25000.00");
        assertThat(d.amount().scale()).isEqualTo(2);
        assertThat(d.currencyCode()).isEqualTo("EUR");
        assertThat(d.amountHome()).isEqualTo(new BigDecimal("27050.00"));
        assertThat(d.closeDate()).isEqualTo(LocalDate.of(2024, 7, 15));
        assertThat(d.createdAt()).isEqualTo(Instant.parse("2024-05-01T09:12:44.120Z"));
        assertThat(d.updatedAt()).isEqualTo(Instant.parse("2024-07-15T14:03:11.501Z"));
        assertThat(d.probabilityRaw()).isEqualTo("1.0");
        assertThat(d.probability()).isEqualTo(1.0);
        assertThat(d.forecastCategory()).isEqualTo("CLOSED");
        assertThat(d.pipelineId()).isEqualTo("hubspot-main:pipeline:default");
        assertThat(d.stageId()).isEqualTo("hubspot-main:stage:closedwon");
        assertThat(d.ownerId()).isEqualTo("hubspot-main:owner:91234567");
        assertThat(d.accountId()).isEqualTo("hubspot-main:account:7001");
        assertThat(d.primaryContactId()).isEqualTo("hubspot-main:contact:551");
        assertThat(d.leadSourceRaw()).isEqualTo("ORGANIC_SEARCH");
        assertThat(d.dealType()).isEqualTo("existing");
        assertThat(d.isDeleted()).isFalse();
        assertThat(d.syncedAt()).isEqualTo(HubspotFixtures.EXTRACTED);
    }

    @Test
    void lostDealIsClosedNotWon() {
        DealRow d = only(mapper.map(raw("deals", "deal_lost.json")), DealRow.TABLE);

        assertThat(d.status()).isEqualTo("lost");
        assertThat(d.lostReasonRaw()).isEqualTo("Chose competitor");
        assertThat(d.probability()).isEqualTo(0.0);
        assertThat(d.dealType()).isEqualTo("new");
        assertThat(d.closeDate()).isEqualTo(LocalDate.of(2024, 5, 10));
        assertThat(d.createdAt()).isEqualTo(Instant.parse("2024-04-02T10:00:00Z")); // no createdate: top-level createdAt
        assertThat(d.currencyCode()).isNull();
    }

    @Test
    void emptyStringsAreNullAndBadNumbersAndDatesBecomeNullWithoutFailing() {
        DealRow d = only(mapper.map(raw("deals", "deal_open_messy.json")), DealRow.TABLE);

        assertThat(d.name()).isNull();                 // "  "
        assertThat(d.amount()).isNull();               // "12,5O0.00" (letter O)
        assertThat(d.amountHome()).isNull();           // ""
        assertThat(d.currencyCode()).isNull();
        assertThat(d.closeDate()).isNull();
        assertThat(d.ownerId()).isNull();
        assertThat(d.updatedAt()).isEqualTo(Instant.parse("2024-06-02T08:00:00Z")); // bad property → top-level updatedAt
        assertThat(d.status()).isNull();               // only hs_is_closed_won=false: the stage decides
        assertThat(d.probability()).isEqualTo(0.2);
    }

    @Test
    void percentProbabilitiesAreScaledToFractions() {
        assertThat(Vocabulary.fractionOrPercent(0.9)).isEqualTo(0.9);
        assertThat(Vocabulary.fractionOrPercent(40.0)).isEqualTo(0.4);
        assertThat(Vocabulary.fractionOrPercent(-1.0)).isNull();
        assertThat(Vocabulary.fractionOrPercent(null)).isNull();
    }

    @Test
    void stageHistoryComesFromDateEnteredPropertiesInEntryOrder() {
        Normalized n = mapper.map(raw("deals", "deal_won.json"));
        List<DealStageHistoryRow> history = rows(n, DealStageHistoryRow.TABLE);

        assertThat(history).extracting(DealStageHistoryRow::seq, DealStageHistoryRow::stageId,
                        DealStageHistoryRow::enteredAt, DealStageHistoryRow::exitedAt, DealStageHistoryRow::origin)
                .containsExactly(
                        tuple(1, "hubspot-main:stage:appointmentscheduled", Instant.parse("2024-05-01T09:12:44.120Z"),
                                Instant.parse("2024-05-20T14:03:11.500Z"), "history"),
                        tuple(2, "hubspot-main:stage:contractsent", Instant.parse("2024-05-20T14:03:11.500Z"),
                                Instant.ofEpochMilli(1721052000000L), "history"),
                        tuple(3, "hubspot-main:stage:closedwon", Instant.ofEpochMilli(1721052000000L), null, "history"));
        assertThat(history).allSatisfy(h -> {
            assertThat(h.dealId()).isEqualTo("hubspot-main:deal:18231");
            assertThat(h.pipelineId()).isEqualTo("hubspot-main:pipeline:default");
        });
        assertThat(write(n, DealStageHistoryRow.TABLE).keyColumn()).isEqualTo("deal_id");
    }

    @Test
    void aDealWithoutStageDatesGetsOneInferredHistoryRow() {
        List<DealStageHistoryRow> history = rows(mapper.map(raw("deals", "deal_open_messy.json")),
                DealStageHistoryRow.TABLE);

        assertThat(history).singleElement().satisfies(h -> {
            assertThat(h.stageId()).isEqualTo("hubspot-main:stage:qualifiedtobuy");
            assertThat(h.enteredAt()).isEqualTo(Instant.parse("2024-06-01T08:00:00Z"));
            assertThat(h.origin()).isEqualTo("inferred");
        });
    }

    @Test
    void dealContactsAreTheDistinctAssociatedContacts() {
        Normalized n = mapper.map(raw("deals", "deal_won.json"));

        assertThat(HubspotFixtures.<DealContactRow>rows(n, DealContactRow.TABLE))
                .extracting(DealContactRow::contactId)
                .containsExactly("hubspot-main:contact:551", "hubspot-main:contact:552");
        // a deal without contacts still replaces (empties) its deal_contact rows
        assertThat(write(mapper.map(raw("deals", "deal_lost.json")), DealContactRow.TABLE).rows()).isEmpty();
    }

    @Test
    void tombstoneKeepsTheLastKnownValuesFlaggedDeleted() {
        DealRow d = only(mapper.map(raw("deals", "deal_won.json", true)), DealRow.TABLE);

        assertThat(d.isDeleted()).isTrue();
        assertThat(d.name()).isEqualTo("Acme GmbH – renewal");
        assertThat(d.amount()).isEqualByComparingTo("25000");
    }
}
