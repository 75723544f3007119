package io.crmw.etl.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.warehouse.raw.RawRecord;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import tools.jackson.databind.node.ObjectNode;

/** The HubSpot steps over a real temporary DuckDB warehouse, run by Spring Batch with an in-memory repository. */
class NormalizationStepsTest extends WarehouseStepsTest {

    private static final String SOURCE = "hubspot-main";

    NormalizationStepsTest() {
        super(SOURCE, "hubspot", 2);
    }

    @Test
    void normalizesOwnersPipelinesContactsAndDealsIntoCore() throws Exception {
        landFixtures();

        assertThat(run()).isEqualTo(BatchStatus.COMPLETED);

        assertThat(rows("select source_id, status, amount::varchar, currency_code, close_date::varchar, "
                + "strftime(closed_at, '%Y-%m-%dT%H:%M:%S'), probability, owner_id, is_deleted "
                + "from core.deal order by source_id")).containsExactly(
                "18231|won|25000.00|EUR|2024-07-15|2024-07-15T14:00:00|1.0|hubspot-main:owner:91234567|false",
                "18232|lost|1200.00|null|2024-05-10|2024-05-10T00:00:00|0.0|hubspot-main:owner:91234567|false",
                // no flags in HubSpot's record: status from its stage, which is open
                "18233|open|null|null|null|null|0.2|null|false");
        assertThat(rows("select deal_id, seq, stage_id, origin from core.deal_stage_history "
                + "where deal_id = 'hubspot-main:deal:18231' order by seq")).containsExactly(
                "hubspot-main:deal:18231|1|hubspot-main:stage:appointmentscheduled|history",
                "hubspot-main:deal:18231|2|hubspot-main:stage:contractsent|history",
                "hubspot-main:deal:18231|3|hubspot-main:stage:closedwon|history");
        assertThat(rows("select contact_id from core.deal_contact order by contact_id")).containsExactly(
                "hubspot-main:contact:551", "hubspot-main:contact:552");
        assertThat(rows("select lead_id, is_converted from core.lead")).containsExactly("hubspot-main:lead:551|true");
        assertThat(rows("select stage_id, is_won from core.stage where is_closed order by stage_id")).containsExactly(
                "hubspot-main:stage:closedlost|false", "hubspot-main:stage:closedwon|true");
        assertThat(rows("select owner_id, team_id from core.owner")).containsExactly(
                "hubspot-main:owner:91234567|hubspot-main:team:302");
        assertThat(rows("select count(*) from core.team")).containsExactly("2");
        assertThat(rows("select assignee_type, assignee_id from core.goal")).containsExactly(
                "owner|hubspot-main:owner:91234567"); // HubSpot user 4711 is owner 91234567
        assertThat(rows("select stream, last_seq from meta.normalize_state where stream = 'deals'"))
                .containsExactly("deals|3");
    }

    @Test
    void aNewerVersionReplacesTheRowAndATombstoneFlagsIt() throws Exception {
        landFixtures();
        run();

        ObjectNode won = fixture("deal_won.json");
        ((ObjectNode) won.get("properties")).put("amount", "30000").put("dealname", "Acme GmbH – renewal v2");
        land("deals", new RawRecord("18231", "c2", false, won.toString()));
        land("deals", new RawRecord("18232", "c3", true, fixture("deal_lost.json").toString()));
        assertThat(run()).isEqualTo(BatchStatus.COMPLETED);

        assertThat(rows("select source_id, name, amount::varchar, is_deleted from core.deal order by source_id"))
                .containsExactly(
                        "18231|Acme GmbH – renewal v2|30000.00|false",
                        "18232|Globex pilot|1200.00|true",
                        "18233|null|null|false");
        assertThat(rows("select count(*) from core.deal_stage_history where deal_id = 'hubspot-main:deal:18231'"))
                .containsExactly("3");
    }

    @Test
    void aSurvivorsMergedIdsPointItsLosersAtItWhateverTheJsonLooksLike() throws Exception {
        landFixtures();
        run();
        // HubSpot merged 18232 into 18231; 18233's latest version names no merge (a JSON null, as the connector writes it)
        ObjectNode survivor = fixture("deal_won.json");
        ((ObjectNode) survivor.get("properties")).put("hs_merged_object_ids", "18232");
        ObjectNode none = fixture("deal_open_messy.json");
        ((ObjectNode) none.get("properties")).putNull("hs_merged_object_ids");
        land("deals", new RawRecord("18231", "c2", false, survivor.toString()),
                new RawRecord("18233", "c2", false, none.toString()));
        assertThat(none.toString()).contains("\"hs_merged_object_ids\":null");
        assertThat(run()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(rows("select source_id, merged_into_id from core.deal order by source_id")).containsExactly(
                "18231|null", "18232|hubspot-main:deal:18231", "18233|null");

        // JSON written with spaces (another writer than the connector's) is still read: 18233 absorbed 18231
        String spaced = none.toString().replace("\"hs_merged_object_ids\":null", "\"hs_merged_object_ids\" : \"18231\"");
        land("deals", new RawRecord("18233", "c3", false, spaced));
        assertThat(run()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(rows("select source_id, merged_into_id from core.deal order by source_id")).containsExactly(
                "18231|hubspot-main:deal:18233", "18232|hubspot-main:deal:18231", "18233|null");
    }

    @Test
    void runningAgainOrReplayingAlreadyMergedRowsNeverDoublesRows() throws Exception {
        landFixtures();
        run();
        List<String> before = counts();

        assertThat(run()).isEqualTo(BatchStatus.COMPLETED); // nothing new above the watermark
        assertThat(counts()).isEqualTo(before);

        // a crash after a merge but before the watermark commit replays the same raw rows
        exec("delete from meta.normalize_state");
        assertThat(run()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(counts()).isEqualTo(before);
        // deal_stage_history: 3 history rows of 18231 + one inferred row each for 18232 and 18233
        assertThat(before).containsExactly("3", "5", "2", "1", "1", "5", "1", "1");
    }

    @Test
    void ticketsTakeStatusFromTheirStageAndProductFromTheSku() throws Exception {
        land("ticket_pipelines", record("ticket_pipeline.json"));
        land("products", record("product.json"));
        ObjectNode unknownSku = fixture("ticket.json");
        unknownSku.put("id", "3002");
        ((ObjectNode) unknownSku.get("properties")).put("product_sku", "NOPE-9").put("hs_pipeline_stage", "1");
        land("tickets", record("ticket.json"), new RawRecord("3002", null, false, unknownSku.toString()));

        assertThat(run()).isEqualTo(BatchStatus.COMPLETED);

        assertThat(rows("select source_id, status, product_id, stage_id, priority, channel, account_id "
                + "from core.ticket order by source_id")).containsExactly(
                "3001|closed|hubspot-main:product:6001|hubspot-main:stage:4|HIGH|EMAIL|hubspot-main:account:7001",
                "3002|open|null|hubspot-main:stage:1|HIGH|EMAIL|hubspot-main:account:7001");
        assertThat(rows("select unit_cost::varchar, is_recurring, billing_period_months from core.product"))
                .containsExactly("120.50|true|1");
    }

    /**
     * A run whose products did not land (a vendor fault on the stream, a killed process) still normalizes the tickets
     * it landed, and incremental extraction lands no new version of an unchanged ticket later: the ticket's product
     * must follow the products as they are on every run, like a run that landed everything at once.
     */
    @Test
    void aTicketFindsItsProductByTheSkuWhenTheProductLandsOnALaterRunAndLosesItWhenTheProductIsDeleted()
            throws Exception {
        land("ticket_pipelines", record("ticket_pipeline.json"));
        land("tickets", record("ticket.json"));
        assertThat(run()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(rows("select source_id, product_id from core.ticket")).containsExactly("3001|null");

        land("products", record("product.json"));
        assertThat(run()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(rows("select source_id, product_id from core.ticket"))
                .containsExactly("3001|hubspot-main:product:6001");

        land("products", new RawRecord("6001", null, true, fixture("product.json").toString()));
        assertThat(run()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(rows("select source_id, product_id from core.ticket")).containsExactly("3001|null");
    }

    @Test
    void stepNamesSayWhatTheyDoInDependencyOrder() {
        List<String> names = stepNames();

        // the portal's currencies first: they only feed core.crm_fx_rate
        assertThat(names).startsWith("normalizeHubspotMainCompanyCurrency", "resolveHubspotMainCompanyCurrency",
                "normalizeHubspotMainExchangeRates", "resolveHubspotMainExchangeRates",
                "normalizeHubspotMainOwners", "normalizeHubspotMainDealPipelines",
                "normalizeHubspotMainTicketPipelines", "normalizeHubspotMainCompanies", "normalizeHubspotMainContacts");
        assertThat(names).containsSubsequence("normalizeHubspotMainDeals", "resolveHubspotMainDeals",
                "normalizeHubspotMainLineItems");
        assertThat(names.indexOf("normalizeHubspotMainProducts")).isLessThan(names.indexOf("resolveHubspotMainTickets"));
    }

    private List<String> counts() throws SQLException {
        return coreCounts("deal", "deal_stage_history", "deal_contact", "contact", "lead", "stage", "owner", "goal");
    }

    private void landFixtures() throws IOException {
        land("owners", record("owner.json"));
        land("deal_pipelines", record("deal_pipeline.json"));
        land("contacts", record("contact_customer.json"));
        land("deals", record("deal_won.json"), record("deal_lost.json"), record("deal_open_messy.json"));
        land("goals", record("goal.json"));
    }

    private static RawRecord record(String file) throws IOException {
        ObjectNode payload = fixture(file);
        return new RawRecord(payload.path("id").asString(), null, false, payload.toString());
    }

    private static ObjectNode fixture(String file) {
        return (ObjectNode) VendorFixtures.fixture("hubspot", file);
    }
}
