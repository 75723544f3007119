package io.crmw.etl.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VocabularyTest {

    @Test
    void dealStatusFollowsTheClosedFlagsAndIsLeftForTheStageWhenTheyAreMissing() {
        assertThat(Vocabulary.dealStatus(true, true)).isEqualTo("won");
        assertThat(Vocabulary.dealStatus(null, true)).isEqualTo("won");
        assertThat(Vocabulary.dealStatus(true, false)).isEqualTo("lost");
        assertThat(Vocabulary.dealStatus(true, null)).isEqualTo("lost");
        assertThat(Vocabulary.dealStatus(false, false)).isEqualTo("open");
        assertThat(Vocabulary.dealStatus(null, false)).isNull();
        assertThat(Vocabulary.dealStatus(null, null)).isNull();
    }

    @Test
    void billingFrequenciesOfEveryVendorBecomeMonths() {
        assertThat(Vocabulary.billingMonths("monthly")).isEqualTo(1);
        assertThat(Vocabulary.billingMonths("Quarterly")).isEqualTo(3);
        assertThat(Vocabulary.billingMonths("per_six_months")).isEqualTo(6);   // HubSpot
        assertThat(Vocabulary.billingMonths("Semi-Annual")).isEqualTo(6);      // Salesforce picklist
        assertThat(Vocabulary.billingMonths("semi-annually")).isEqualTo(6);    // Pipedrive
        assertThat(Vocabulary.billingMonths("annually")).isEqualTo(12);
        assertThat(Vocabulary.billingMonths("per_three_years")).isEqualTo(36);
        assertThat(Vocabulary.billingMonths("weekly")).isNull();
        assertThat(Vocabulary.billingMonths("one-time")).isNull();
        assertThat(Vocabulary.billingMonths(null)).isNull();
    }

    @Test
    void percentsAndFractions() {
        assertThat(Vocabulary.percentFraction(40.0)).isEqualTo(0.4);
        assertThat(Vocabulary.percentFraction(0.5)).isEqualTo(0.005);
        assertThat(Vocabulary.percentFraction(150.0)).isNull();
        assertThat(Vocabulary.fractionOrPercent(0.5)).isEqualTo(0.5);
        assertThat(Vocabulary.fractionOrPercent(150.0)).isNull();
    }

    @Test
    void domainsCurrencyCodesAndNoteSubjects() {
        assertThat(Vocabulary.domain("https://www.Acme.de/en/")).isEqualTo("acme.de");
        assertThat(Vocabulary.domain("acme.com:8443")).isEqualTo("acme.com");
        assertThat(Vocabulary.domain("acme.com and more")).isEqualTo("acme.com");
        assertThat(Vocabulary.upper("eur")).isEqualTo("EUR");
        assertThat(Vocabulary.firstLine("<p>First</p>\nSecond")).isEqualTo("First");
        assertThat(Vocabulary.dealType("Existing Business - Upsell")).isEqualTo("existing");
    }
}
