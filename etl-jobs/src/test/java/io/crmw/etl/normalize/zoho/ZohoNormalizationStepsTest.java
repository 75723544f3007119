package io.crmw.etl.normalize.zoho;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.etl.normalize.WarehouseStepsTest;
import io.crmw.warehouse.raw.RawRecord;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import tools.jackson.databind.node.ObjectNode;

/** The Zoho steps, finishing SQL included, over a real temporary DuckDB warehouse. */
class ZohoNormalizationStepsTest extends WarehouseStepsTest {

    private static final String STANDARD = "zoho-main:stage:4876876000000091023:";

    ZohoNormalizationStepsTest() {
        super(ZohoFixtures.SOURCE, "zoho", 2);
    }

    @Test
    void normalizesAnOrgIntoCoreAndFinishesItSetBased() throws Exception {
        landFixtures();

        assertThat(run()).isEqualTo(BatchStatus.COMPLETED);

        // status from the stage's forecast type; probability own, else the stage's; home currency from currencies
        assertThat(rows("select source_id, status, probability, forecast_category, currency_code, "
                + "amount_home::varchar, strftime(closed_at, '%Y-%m-%dT%H:%M:%S'), close_date::varchar "
                + "from core.deal order by source_id")).containsExactly(
                "4876876000000543001|won|1.0|Closed|EUR|25000.00|2024-07-10T14:03:11|2024-07-15",
                "4876876000000543002|lost|0.0|Omitted|USD|10000.00|2024-06-30T00:00:00|2024-06-30",
                "4876876000000543003|open|0.9|Pipeline|EUR|8000.50|null|2024-09-30",
                "4876876000000543004|open|0.2|Pipeline|EUR|30000.00|null|2025-01-31");
        assertThat(rows("select stage_id, probability_raw, probability, is_closed, is_won from core.stage "
                + "where name = 'Qualification' order by stage_id")).containsExactly(
                STANDARD + "Qualification|10|0.1|false|false",
                "zoho-main:stage:4876876000000091031:Qualification|10|0.1|false|false");

        // the history's stages are placed in the deal's pipeline; deals without history get an inferred row
        assertThat(rows("select seq, stage_id, strftime(entered_at, '%Y-%m-%d %H:%M'), "
                + "strftime(exited_at, '%Y-%m-%d %H:%M'), origin, pipeline_id from core.deal_stage_history "
                + "where deal_id = 'zoho-main:deal:4876876000000543001' order by seq")).containsExactly(
                "1|" + STANDARD + "Qualification|2024-05-01 09:12|2024-06-01 08:00|history|zoho-main:pipeline:4876876000000091023",
                "2|" + STANDARD + "Negotiation/Review|2024-06-01 08:00|2024-07-10 14:03|history|zoho-main:pipeline:4876876000000091023",
                "3|" + STANDARD + "Closed Won|2024-07-10 14:03|null|history|zoho-main:pipeline:4876876000000091023");
        assertThat(rows("select count(*), count(*) filter (where origin = 'inferred') from core.deal_stage_history"))
                .containsExactly("6|3");

        // sales-order lines on their deals (the cancelled order left out), names from products, currency from the deal
        assertThat(rows("select source_id, deal_id, product_id, name, quantity::varchar, unit_price::varchar, "
                + "discount_amount::varchar, line_amount::varchar, currency_code from core.line_item order by source_id"))
                .containsExactly(
                        "4876876000000900101|zoho-main:deal:4876876000000543001|zoho-main:product:4876876000000700001|Analytics seat|20.0000|1200.00|2400.00|21600.00|EUR",
                        "4876876000000900102|zoho-main:deal:4876876000000543001|zoho-main:product:4876876000000700002|Onboarding|1.0000|500.50|0.50|500.00|EUR",
                        "4876876000000900301|zoho-main:deal:4876876000000543003|zoho-main:product:4876876000000700002|Onboarding|2.0000|500.50|null|1001.00|EUR");
        assertThat(rows("select source_id, currency_code from core.product order by source_id")).containsExactly(
                "4876876000000700001|EUR", "4876876000000700002|EUR");

        assertThat(rows("select source_id, is_converted, converted_deal_id from core.lead order by source_id"))
                .containsExactly("4876876000000333001|true|zoho-main:deal:4876876000000543001",
                        "4876876000000333002|false|null");
        assertThat(rows("select source_id, type, outcome_raw, duration_s, is_done from core.activity order by source_id"))
                .containsExactly(
                        "4876876000000610001|call|Interested|330|true",
                        "4876876000000610002|call|Requested more info|725|true",
                        "4876876000000610003|call|null|null|false",
                        "4876876000000620001|task|Completed|null|true",
                        "4876876000000620002|task|In Progress|null|false",
                        "4876876000000630001|meeting|null|5400|true",
                        "4876876000000630002|meeting|null|3600|true"); // landed now: after the meeting ended
        assertThat(rows("select owner_id, team_id, is_active from core.owner order by owner_id")).containsExactly(
                "zoho-main:owner:4876876000000301001|zoho-main:team:4876876000000026008|true",
                "zoho-main:owner:4876876000000301002|zoho-main:team:4876876000000026005|false");
        assertThat(rows("select name, parent_team_id from core.team order by name")).containsExactly(
                "CEO|null", "Sales DACH|zoho-main:team:4876876000000026005");

        // a crash after the merges but before the watermark commits replays the same raw rows: nothing doubles
        List<String> before = counts();
        exec("delete from meta.normalize_state");
        assertThat(run()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(counts()).isEqualTo(before);
        assertThat(before).containsExactly("4", "6", "1", "3", "2", "6", "2", "7");
    }

    @Test
    void aChangedSalesOrderReplacesItsLinesAndADeletedDealIsFlaggedWithItsValues() throws Exception {
        landFixtures();
        run();

        // the onboarding line removed from the renewal's order; the lost deal deleted (a thin deleted-feed entry)
        ObjectNode order = ZohoFixtures.record("sales_orders.json", "4876876000000900001")
                .put("Modified_Time", "2024-07-12T09:00:00+02:00");
        order.withArray("Ordered_Items").remove(1);
        ObjectNode thin = ZohoFixtures.JSON.createObjectNode().put("id", "4876876000000543002")
                .put("display_name", "Beta AG – new").put("type", "recycle")
                .put("deleted_time", "2024-07-20T10:00:00+02:00");
        land("sales_orders", rec(order, false));
        land("deals", rec(thin, true));
        assertThat(run()).isEqualTo(BatchStatus.COMPLETED);

        assertThat(rows("select source_id from core.line_item order by source_id")).containsExactly(
                "4876876000000900101", "4876876000000900301");
        assertThat(rows("select is_deleted, status, amount::varchar, currency_code from core.deal "
                + "where source_id = '4876876000000543002'")).containsExactly("true|lost|10800.00|USD");
        assertThat(rows("select count(*) from core.deal where is_deleted")).containsExactly("1");
    }

    @Test
    void aDealFilledWithTheHomeCurrencyLaterIsSyncedWhenFilled() throws Exception {
        // the org and its currencies failed to land on the first run: deals without their own currency stay without
        landFixtures("org", "currencies");
        assertThat(run()).isEqualTo(BatchStatus.COMPLETED);
        List<String> bare = rows("select source_id from core.deal where currency_code is null order by 1");
        assertThat(bare).isNotEmpty();
        String before = rows("select max(synced_at)::varchar from core.deal").get(0);

        for (String stream : List.of("org", "currencies")) {
            land(stream, ZohoFixtures.records(stream + ".json").stream().map(r -> rec(r, false))
                    .toArray(RawRecord[]::new));
        }
        ObjectNode touched = ZohoFixtures.record("deals.json", "4876876000000543002")
                .put("Modified_Time", "2024-07-12T09:00:00+02:00");
        land("deals", rec(touched, false)); // any deal landing again runs the deals' steps
        assertThat(run()).isEqualTo(BatchStatus.COMPLETED);

        // filled in place, and synced after everything the last build saw, so an incremental build picks them up
        assertThat(rows("select source_id || ' ' || currency_code || ' ' || (synced_at > '" + before
                + "'::timestamptz) from core.deal where source_id in ('" + String.join("', '", bare) + "') order by 1"))
                .hasSize(bare.size()).allSatisfy(r -> assertThat(r).endsWith(" EUR true"));
    }

    @Test
    void linesWrittenAgainForAnotherOrderKeepTheirValuesAndSyncedAt() throws Exception {
        landFixtures();
        // the order without a currency names a deal this org does not hold (not synced, or in another module's scope)
        ObjectNode stray = ZohoFixtures.record("sales_orders.json", "4876876000000900003");
        stray.withObject("Deal_Name").put("id", "4876876000000549999");
        land("sales_orders", rec(stray, false));
        assertThat(run()).isEqualTo(BatchStatus.COMPLETED);
        // the order without a currency, on a deal unknown here: its line is in the home currency
        String lone = "select currency_code || ' ' || synced_at from core.line_item where source_id = '4876876000000900301'";
        List<String> before = rows(lone);
        assertThat(before).singleElement().asString().startsWith("EUR ");

        // another order changes: every line is written again, and this one must come out as it was, synced_at included
        ObjectNode order = ZohoFixtures.record("sales_orders.json", "4876876000000900001")
                .put("Modified_Time", "2024-07-12T09:00:00+02:00");
        land("sales_orders", rec(order, false));
        assertThat(run()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(rows(lone)).isEqualTo(before);
    }

    @Test
    void aStageWhoseProbabilityChangesIsSyncedWhenItsDealStageWasAndTheOthersKeepTheirs() throws Exception {
        landFixtures();
        assertThat(run()).isEqualTo(BatchStatus.COMPLETED);
        String stages = "select name || ' ' || probability_raw || ' ' || synced_at from core.stage"
                + " where name in ('Qualification', 'Negotiation/Review') order by name";
        List<String> before = rows(stages);

        // only the deal stages land again (the pipelines, which write the stage rows, do not): Qualification is now 20 %
        land("deal_stages", rec(ZohoFixtures.record("deal_stages.json", "Qualification").put("probability", 20), false),
                rec(ZohoFixtures.record("deal_stages.json", "Negotiation/Review"), false));
        assertThat(run()).isEqualTo(BatchStatus.COMPLETED);

        List<String> after = rows(stages);
        assertThat(after.get(0)).isEqualTo(before.get(0)); // Negotiation/Review: same values, same synced_at
        assertThat(after.get(1)).startsWith("Qualification 20 ").isNotEqualTo(before.get(1).replace(" 10 ", " 20 "));
    }

    @Test
    void theOrgsCurrenciesAreItsRatesAgainstTheHomeCurrency() throws Exception {
        landFixtures();

        assertThat(run()).isEqualTo(BatchStatus.COMPLETED);

        // exchange_rate = units of the currency per 1 home (base) currency, as a record's Exchange_Rate
        assertThat(rows("select rate_kind, source_id, base_currency, currency_code, rate::double, rate_quote, valid_from,"
                + " valid_to from core.crm_fx_rate order by currency_code")).containsExactly(
                "zoho_org|4876876000000010001|EUR|EUR|1.0|per_base|0001-01-01|9999-12-31",
                "zoho_org|4876876000000010003|EUR|USD|1.08|per_base|0001-01-01|9999-12-31");
    }

    @Test
    void stepNamesFollowTheDependencyOrder() {
        assertThat(stepNames()).containsSubsequence("normalizeZohoMainRoles", "normalizeZohoMainUsers",
                "normalizeZohoMainPipelines", "normalizeZohoMainDealStages", "normalizeZohoMainAccounts",
                "normalizeZohoMainLeads", "normalizeZohoMainDeals", "normalizeZohoMainDealStageHistory",
                "normalizeZohoMainSalesOrders", "normalizeZohoMainCalls", "normalizeZohoMainEvents");
    }

    private List<String> counts() throws SQLException {
        return coreCounts("deal", "deal_stage_history", "deal_contact", "line_item", "product", "stage", "lead",
                "activity");
    }

    private void landFixtures(String... without) {
        for (String stream : List.of("org", "currencies", "roles", "users", "pipelines", "deal_stages", "accounts",
                "contacts", "campaigns", "products", "leads", "deals", "deal_stage_history", "sales_orders", "calls",
                "tasks", "events")) {
            if (List.of(without).contains(stream)) {
                continue;
            }
            land(stream, ZohoFixtures.records(stream + ".json").stream().map(r -> rec(r, false))
                    .toArray(RawRecord[]::new));
        }
    }

    private static RawRecord rec(ObjectNode payload, boolean deleted) {
        return new RawRecord(ZohoFixtures.key(payload), null, deleted, payload.toString());
    }
}
