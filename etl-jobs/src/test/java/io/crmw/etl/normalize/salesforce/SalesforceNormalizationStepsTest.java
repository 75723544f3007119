package io.crmw.etl.normalize.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.etl.normalize.WarehouseStepsTest;
import io.crmw.warehouse.raw.RawRecord;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import tools.jackson.databind.node.ObjectNode;

/** The Salesforce steps, finishing SQL included, over a real temporary DuckDB warehouse. */
class SalesforceNormalizationStepsTest extends WarehouseStepsTest {

    private static final String SOURCE = SalesforceFixtures.SOURCE;

    SalesforceNormalizationStepsTest() {
        super(SOURCE, "salesforce", 50);
    }

    @Test
    void normalizesAnOrgIntoCoreFinishesItSetBasedAndAppliesLaterChanges() throws Exception {
        landFixtures();

        assertThat(run()).isEqualTo(BatchStatus.COMPLETED);

        assertThat(rows("select source_id, status, amount::varchar, currency_code, close_date::varchar, "
                + "strftime(closed_at, '%Y-%m-%dT%H:%M:%S'), probability, forecast_category, primary_contact_id "
                + "from core.deal order by source_id")).containsExactly(
                // closed_at = entry into Closed Won per OpportunityHistory; contact from the converted lead
                "0065g00000XyZabAAB|won|25000.00|EUR|2024-07-15|2024-07-15T14:03:11|1.0|Closed|salesforce-main:contact:0035g00000LmNopAAB",
                "0065g00000XyZacAAB|lost|1200.50|USD|2024-05-10|2024-05-10T16:30:00|0.0|Omitted|null",
                // no CurrencyIsoCode: the corporate currency (CurrencyType.IsCorporate)
                "0065g00000XyZadAAB|open|10000.00|EUR|2024-09-30|null|0.9|Commit|null",
                // Bulk strings without IsClosed / IsWon: status and forecast category from the stage
                "0065g00000XyZaeAAB|open|1250.75|EUR|2024-12-31|null|0.1|Pipeline|null");
        assertThat(rows("select deal_id, seq, stage_id, strftime(entered_at, '%Y-%m-%d'), "
                + "strftime(exited_at, '%Y-%m-%d'), origin, pipeline_id from core.deal_stage_history "
                + "order by deal_id, seq")).containsExactly(
                "salesforce-main:deal:0065g00000XyZabAAB|1|salesforce-main:stage:Prospecting|2024-05-01|2024-06-20|history|salesforce-main:pipeline:default",
                "salesforce-main:deal:0065g00000XyZabAAB|2|salesforce-main:stage:Negotiation/Review|2024-06-20|2024-07-15|history|salesforce-main:pipeline:default",
                "salesforce-main:deal:0065g00000XyZabAAB|3|salesforce-main:stage:Closed Won|2024-07-15|null|history|salesforce-main:pipeline:default",
                "salesforce-main:deal:0065g00000XyZacAAB|1|salesforce-main:stage:Prospecting|2024-04-02|2024-05-10|history|salesforce-main:pipeline:default",
                "salesforce-main:deal:0065g00000XyZacAAB|2|salesforce-main:stage:Closed Lost|2024-05-10|null|history|salesforce-main:pipeline:default",
                "salesforce-main:deal:0065g00000XyZadAAB|1|salesforce-main:stage:Negotiation/Review|2024-06-03|null|inferred|salesforce-main:pipeline:default",
                "salesforce-main:deal:0065g00000XyZaeAAB|1|salesforce-main:stage:Prospecting|2024-08-01|null|inferred|salesforce-main:pipeline:default");
        assertThat(rows("select pipeline_id, object_type from core.pipeline")).containsExactly(
                "salesforce-main:pipeline:default|deal");
        assertThat(rows("select count(*), count(*) filter (where is_closed) from core.stage")).containsExactly("5|2");
        assertThat(rows("select contact_id from core.deal_contact")).containsExactly(
                "salesforce-main:contact:0035g00000LmNopAAB");

        assertThat(rows("select source_id, product_id, name, line_amount::varchar, discount_amount::varchar, currency_code, "
                + "is_recurring, billing_period_months from core.line_item order by source_id")).containsExactly(
                "00k5g00000Oli01AAA|salesforce-main:product:01t5g00000Prod1AAA|Acme GmbH – platform Platform licence|20000.00|null|EUR|true|1",
                // product through its PricebookEntry, name from the product, currency from the deal
                "00k5g00000Oli02AAA|salesforce-main:product:01t5g00000Prod2AAA|Onboarding|5000.00|1250.00|EUR|null|null");
        assertThat(rows("select source_id, unit_price::varchar, unit_cost::varchar, currency_code from core.product "
                + "order by source_id")).containsExactly(
                "01t5g00000Prod1AAA|1000.00|120.50|EUR", "01t5g00000Prod2AAA|5000.00|null|EUR");

        assertThat(rows("select source_id, is_converted, converted_deal_id, campaign_id from core.lead order by source_id"))
                .containsExactly(
                        // first touch: the campaign it joined first
                        "00Q5g00000Lead1AAB|true|salesforce-main:deal:0065g00000XyZabAAB|salesforce-main:campaign:7015g000000Camp1AAA",
                        "00Q5g00000Lead2AAB|false|null|null");
        assertThat(rows("select count(*), count(lead_id), count(contact_id) from core.campaign_member"))
                .containsExactly("3|2|1");
        // first touches: the lead's first membership counts for the contact it became (Memb1 on 04-20 before Memb3)
        assertThat(rows("select touch_id, contact_id, lead_id, campaign_id, strftime(touched_at, '%Y-%m-%d') "
                + "from core.touch")).containsExactly(
                "salesforce-main:touch:0035g00000LmNopAAB:first|salesforce-main:contact:0035g00000LmNopAAB|"
                        + "salesforce-main:lead:00Q5g00000Lead1AAB|salesforce-main:campaign:7015g000000Camp1AAA|2024-04-20");
        assertThat(rows("select name, currency_code, budgeted_cost::varchar from core.campaign"))
                .containsExactly("Hannover Messe 2024|EUR|50000.00");

        assertThat(rows("select source_id, type, outcome_raw, duration_s, direction, deal_id from core.activity "
                + "order by source_id")).containsExactly(
                "00T5g00000Task1AAA|call|Connected - left next steps|372|outbound|salesforce-main:deal:0065g00000XyZabAAB",
                "00U5g00000Evt01AAA|meeting|null|5400|null|salesforce-main:deal:0065g00000XyZabAAB");
        assertThat(rows("select source_id, status, product_id, channel, is_return_request from core.ticket"))
                .containsExactly("5005g00000Case1AAA|closed|salesforce-main:product:01t5g00000Prod1AAA|Email|true");
        assertThat(rows("select source_id, is_deleted from core.account order by source_id")).containsExactly(
                "0015g00000AbCdeAAF|false", "0015g00000AbCdgAAF|true");
        assertThat(rows("select owner_id, team_id from core.owner")).containsExactly(
                "salesforce-main:owner:0055g00000Q1w2eAAB|salesforce-main:team:00E5g000001AbCdEAK");

        // a crash after the merges but before the watermark commits replays the same raw rows: nothing doubles
        List<String> before = counts();

        exec("delete from meta.normalize_state"); // a crash after the merges, before the watermark commits
        assertThat(run()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(counts()).isEqualTo(before);
        assertThat(before).containsExactly("4", "7", "1", "2", "2", "5", "2", "3", "2", "1");

        // the open deal is won later (new history row), the lost one is deleted (queryAll IsDeleted = true)
        ObjectNode won = SalesforceFixtures.records("opportunity_open.json").get(0);
        won.put("StageName", "Closed Won").put("IsClosed", true).put("IsWon", true).put("Probability", 100.0)
                .put("CloseDate", "2024-08-15").put("SystemModstamp", "2024-08-15T10:00:00.000+0000");
        // the connector's queryAll tombstone carries {attributes, Id, <cursor>, IsDeleted} only
        ObjectNode deleted = SalesforceFixtures.JSON.createObjectNode().put("Id", "0065g00000XyZacAAB")
                .put("SystemModstamp", "2024-08-02T10:00:00.000+0000").put("IsDeleted", true);
        land("opportunities", rec(won, false), rec(deleted, false));
        ObjectNode history = SalesforceFixtures.JSON.createObjectNode().put("Id", "0085g00000Hist7AAA")
                .put("OpportunityId", "0065g00000XyZadAAB").put("StageName", "Closed Won")
                .put("CreatedDate", "2024-08-15T10:00:00.000+0000");
        land("opportunity_history", rec(history, false));
        ObjectNode member = SalesforceFixtures.JSON.createObjectNode().put("Id", "00v5g00000Memb2AAA");
        land("campaign_members", rec(member, true)); // hard delete, found by key-set reconciliation
        assertThat(run()).isEqualTo(BatchStatus.COMPLETED);

        assertThat(rows("select source_id, status, is_deleted, strftime(closed_at, '%Y-%m-%dT%H:%M'), amount::varchar "
                + "from core.deal where source_id in ('0065g00000XyZacAAB', '0065g00000XyZadAAB') order by source_id"))
                .containsExactly(
                        // flagged, its last known values kept
                        "0065g00000XyZacAAB|lost|true|2024-05-10T16:30|1200.50",
                        "0065g00000XyZadAAB|won|false|2024-08-15T10:00|10000.00");
        assertThat(rows("select seq, stage_id, origin from core.deal_stage_history "
                + "where deal_id = 'salesforce-main:deal:0065g00000XyZadAAB'")).containsExactly(
                "1|salesforce-main:stage:Closed Won|history");
        assertThat(rows("select source_id, campaign_id from core.campaign_member where is_deleted")).containsExactly(
                "00v5g00000Memb2AAA|salesforce-main:campaign:7015g000000Camp2AAA");
        assertThat(rows("select count(*) from core.deal_stage_history")).containsExactly("7");

        // a deal without history moves to another stage: its inferred row follows, the others stay as they were
        ObjectNode moved = SalesforceFixtures.records("opportunity_bulk.json").get(0);
        assertThat(moved.path("Id").asString()).isEqualTo("0065g00000XyZaeAAB");
        moved.put("StageName", "Negotiation/Review").put("SystemModstamp", "2024-08-20T10:00:00.000+0000");
        land("opportunities", rec(moved, false));
        assertThat(run()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(rows("select seq, stage_id, origin, strftime(entered_at, '%Y-%m-%d') from core.deal_stage_history "
                + "where deal_id = 'salesforce-main:deal:0065g00000XyZaeAAB'")).containsExactly(
                "1|salesforce-main:stage:Negotiation/Review|inferred|2024-08-01");
        assertThat(rows("select count(*), count(*) filter (where origin = 'inferred') from core.deal_stage_history"))
                .containsExactly("7|1");

        // a history row deleted in Salesforce (queryAll's tombstone names only its Id): its opportunity's history is
        // rebuilt without it, from all its rows; the other opportunities' rows are not touched
        ObjectNode gone = SalesforceFixtures.JSON.createObjectNode().put("Id", "0085g00000Hist3AAA")
                .put("SystemModstamp", "2024-08-21T10:00:00.000+0000").put("IsDeleted", true);
        land("opportunity_history", rec(gone, false));
        String others = String.join(";", rows("select deal_id || seq || stage_id || synced_at from core.deal_stage_history"
                + " where deal_id <> 'salesforce-main:deal:0065g00000XyZabAAB' order by all"));
        assertThat(run()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(rows("select seq, stage_id, strftime(entered_at, '%Y-%m-%d'), strftime(exited_at, '%Y-%m-%d')"
                + " from core.deal_stage_history where deal_id = 'salesforce-main:deal:0065g00000XyZabAAB' order by seq"))
                .containsExactly(
                        "1|salesforce-main:stage:Prospecting|2024-05-01|2024-07-15",
                        "2|salesforce-main:stage:Closed Won|2024-07-15|null");
        assertThat(String.join(";", rows("select deal_id || seq || stage_id || synced_at from core.deal_stage_history"
                + " where deal_id <> 'salesforce-main:deal:0065g00000XyZabAAB' order by all"))).isEqualTo(others);

        // nothing new: nothing changes
        List<String> all = rows("select deal_id || seq || stage_id || origin || synced_at from core.deal_stage_history order by all");
        assertThat(run()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(rows("select deal_id || seq || stage_id || origin || synced_at from core.deal_stage_history order by all"))
                .isEqualTo(all);
    }

    @Test
    void landsTheOrgsCurrencyTypesAndDatedRatesAgainstTheCorporateCurrency() throws Exception {
        landFixtures();
        land("dated_conversion_rates", "dated_conversion_rates.json");

        assertThat(run()).isEqualTo(BatchStatus.COMPLETED);

        assertThat(rows("select rate_kind, source_id, base_currency, currency_code, rate::double, rate_quote, valid_from,"
                + " valid_to from core.crm_fx_rate where source_system = 'salesforce-main' order by rate_kind, source_id"))
                .containsExactly(
                        "salesforce_currency_type|01L5g000000Cur1AAA|EUR|EUR|1.0|per_base|0001-01-01|9999-12-31",
                        "salesforce_currency_type|01L5g000000Cur2AAA|EUR|USD|1.0815|per_base|0001-01-01|9999-12-31",
                        // valid from StartDate until NextStartDate (exclusive)
                        "salesforce_dated|04w5g000000Dat1AAA|EUR|USD|1.0815|per_base|0001-01-01|2024-07-10",
                        "salesforce_dated|04w5g000000Dat2AAA|EUR|USD|1.0952|per_base|2024-07-10|9999-12-31");

        // a later run replaces the rates: a deleted dated rate is gone
        land("dated_conversion_rates", rec(SalesforceFixtures.records("dated_conversion_rates.json").get(1), true));
        assertThat(run()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(rows("select source_id from core.crm_fx_rate where rate_kind = 'salesforce_dated'"))
                .containsExactly("04w5g000000Dat1AAA");
    }

    @Test
    void stepNamesFollowTheDependencyOrder() {
        List<String> names = stepNames();

        assertThat(names).startsWith("normalizeSalesforceMainUserRoles", "resolveSalesforceMainUserRoles",
                "normalizeSalesforceMainUsers");
        assertThat(names).containsSubsequence("normalizeSalesforceMainOpportunityStages",
                "resolveSalesforceMainOpportunityStages", "normalizeSalesforceMainCurrencyTypes",
                "normalizeSalesforceMainAccounts", "resolveSalesforceMainAccounts", "normalizeSalesforceMainLeads",
                "normalizeSalesforceMainCampaignMembers", "resolveSalesforceMainCampaignMembers");
        assertThat(names).containsSubsequence("normalizeSalesforceMainPricebookEntries",
                "resolveSalesforceMainPricebookEntries", "normalizeSalesforceMainOpportunities",
                "resolveSalesforceMainOpportunities", "normalizeSalesforceMainOpportunityHistory",
                "resolveSalesforceMainOpportunityHistory", "normalizeSalesforceMainOpportunityLineItems",
                "resolveSalesforceMainOpportunityLineItems", "normalizeSalesforceMainCases", "resolveSalesforceMainCases");
    }

    private List<String> counts() throws SQLException {
        return coreCounts("deal", "deal_stage_history", "deal_contact", "line_item", "product", "stage", "lead",
                "campaign_member", "activity", "ticket");
    }

    private void landFixtures() {
        land("user_roles", "user_role.json");
        land("users", "user.json");
        land("opportunity_stages", "opportunity_stages.json");
        land("currency_types", "currency_types.json");
        land("accounts", "account.json", "account_merged.json");
        land("contacts", "contact.json");
        land("leads", "lead_converted.json", "lead_open.json");
        land("campaigns", "campaign.json");
        land("campaign_members", "campaign_members.json");
        land("products", "products.json");
        land("pricebook_entries", "pricebook_entries.json");
        ObjectNode won = SalesforceFixtures.records("opportunity_won.json").get(0);
        won.remove("ContactId"); // the converted lead names it
        land("opportunities", rec(won, false));
        land("opportunities", "opportunity_lost.json", "opportunity_open.json", "opportunity_bulk.json");
        land("opportunity_history", "opportunity_history.json");
        land("opportunity_line_items", "opportunity_line_items.json");
        land("tasks", "task_call.json");
        land("events", "event_meeting.json");
        land("cases", "case.json");
    }

    private void land(String stream, String... files) {
        List<RawRecord> records = new ArrayList<>();
        for (String file : files) {
            SalesforceFixtures.records(file).forEach(r -> records.add(rec(r, false)));
        }
        land(stream, records.toArray(RawRecord[]::new));
    }

    private static RawRecord rec(ObjectNode payload, boolean deleted) {
        return new RawRecord(payload.path("Id").asString(), null, deleted, payload.toString());
    }
}
