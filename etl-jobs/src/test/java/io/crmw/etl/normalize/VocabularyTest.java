package io.crmw.etl.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
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
    void leadStatusesOfEveryVendorBecomeOneVocabulary() {
        // HubSpot hs_lead_status
        assertThat(Stream.of("NEW", "OPEN", "IN_PROGRESS", "OPEN_DEAL", "UNQUALIFIED", "ATTEMPTED_TO_CONTACT", "CONNECTED",
                "BAD_TIMING").map(s -> Vocabulary.leadStatus(s, false))).containsExactly("new", "working", "working",
                "qualified", "unqualified", "working", "working", "nurturing");
        // Salesforce's default picklist, and the Lightning path's
        assertThat(Stream.of("Open - Not Contacted", "Working - Contacted", "Closed - Converted", "Closed - Not Converted",
                "Nurturing", "Qualified", "Unqualified").map(s -> Vocabulary.leadStatus(s, false))).containsExactly("new",
                "working", "converted", "unqualified", "nurturing", "qualified", "unqualified");
        // Zoho's default Lead_Status
        assertThat(Stream.of("Not Contacted", "Attempted to Contact", "Contact in Future", "Contacted", "Junk Lead",
                "Lost Lead", "Pre-Qualified", "Not Qualified").map(s -> Vocabulary.leadStatus(s, false))).containsExactly(
                "new", "working", "nurturing", "working", "unqualified", "unqualified", "qualified", "unqualified");
        assertThat(Vocabulary.leadStatus("UNQUALIFIED", true)).isEqualTo("converted");
        assertThat(Vocabulary.leadStatus(null, true)).isEqualTo("converted");
        assertThat(Vocabulary.leadStatus("Hot", false)).isEqualTo("unknown");
        assertThat(Vocabulary.leadStatus(" ", false)).isNull();
        assertThat(Vocabulary.leadStatus(null, null)).isNull();
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
