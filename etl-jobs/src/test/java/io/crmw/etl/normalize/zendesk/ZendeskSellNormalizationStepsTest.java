package io.crmw.etl.normalize.zendesk;

import static io.crmw.etl.normalize.zendesk.ZendeskFixtures.rec;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.etl.normalize.VendorFixtures;
import io.crmw.etl.normalize.WarehouseStepsTest;
import io.crmw.warehouse.raw.RawRecord;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;

/** Zendesk Sell's steps, lookups and finishing SQL included, over a real temporary DuckDB warehouse. */
class ZendeskSellNormalizationStepsTest extends WarehouseStepsTest {

    private static final String S = "sell-main:";

    ZendeskSellNormalizationStepsTest() {
        super("sell-main", "zendesk-sell", 2);
    }

    private void landFixtures() {
        for (String stream : List.of("users", "pipelines", "stages", "call_outcomes", "loss_reasons", "deal_sources",
                "lead_sources", "products", "contacts", "leads", "deals", "line_items", "calls", "tasks", "notes")) {
            land(stream, VendorFixtures.fixtureRecords("zendesk-sell", stream + ".json").stream()
                    .map(r -> rec(r, false)).toArray(RawRecord[]::new));
        }
    }

    @Test
    void sellResourcesBecomeCoreWithStatusesPipelinesLookupsAndLineItems() throws Exception {
        landFixtures();

        assertThat(run()).isEqualTo(BatchStatus.COMPLETED);

        assertThat(rows("select source_id, pipeline_id, status, amount::varchar, currency_code, probability, "
                + "close_date::varchar, account_id, primary_contact_id, lead_source_raw, lost_reason_raw "
                + "from core.deal order by 1")).containsExactly(
                "1234501|" + S + "pipeline:1|lost|8000.50|EUR|0.0|2024-04-02|" + S + "account:99880|null|null|Price too high",
                "1234567|" + S + "pipeline:1|won|25000.00|EUR|1.0|2024-05-20|" + S + "account:99880|" + S
                        + "contact:99887|Organic search|null",
                "1234569|" + S + "pipeline:1|open|1200.00|USD|0.4|2024-06-30|null|null|null|null");
        assertThat(rows("select stage_id, probability, is_closed, is_won from core.stage order by 1")).containsExactly(
                S + "stage:2344|0.1|false|false", S + "stage:2345|0.7|false|false", S + "stage:2346|1.0|true|true",
                S + "stage:2349|0.0|true|false");
        assertThat(rows("select source_id, domain, country from core.account")).containsExactly(
                "99880|acme.example|DE");
        assertThat(rows("select source_id, account_id, email, lifecycle_stage from core.contact")).containsExactly(
                "99887|" + S + "account:99880|jane.doe@acme.example|customer");
        assertThat(rows("select source_id, owner_id, status, lead_source_raw from core.lead")).containsExactly(
                "4401|" + S + "owner:7655|working|Referrals");
        // lines on the order's deal; the discount is quantity × price − value; a missing name and currency filled in
        assertThat(rows("select source_id, deal_id, product_id, name, quantity::varchar, discount_amount::varchar, "
                + "line_amount::varchar, currency_code from core.line_item order by 1")).containsExactly(
                "9001|" + S + "deal:1234567|" + S + "product:301|Platform Licence|10.0000|1000.00|23000.00|EUR",
                "9002|" + S + "deal:1234567|" + S + "product:302|null|1.0000|0.00|2000.00|EUR");
        assertThat(rows("select source_id, type, direction, deal_id, contact_id, outcome_raw, duration_s, is_done, "
                + "subject from core.activity order by 1")).containsExactly(
                "call-700|call|outbound|" + S + "deal:1234567|null|Connected|420|true|Talked pricing",
                "note-700|note|null|" + S + "deal:1234567|null|null|null|true|Renewal agreed",
                "task-700|task|null|null|" + S + "contact:99887|null|null|true|Send the contract");
        assertThat(rows("select source_id, is_active from core.owner order by 1")).containsExactly("7654|true",
                "7655|false");
    }

    @Test
    void firehoseTombstonesFlagTheDealAndItsLinesKeepingTheirValues() throws Exception {
        landFixtures();
        run();
        String syncedBefore = rows("select max(synced_at)::varchar from core.deal").get(0);
        land("deals", new RawRecord("1234567", "2024-05-21T09:20:00Z", true,
                "{\"id\":1234567,\"updated_at\":\"2024-05-21T09:20:00Z\"}"));
        land("contacts", new RawRecord("99887", "2024-05-21T09:20:00Z", true,
                "{\"id\":99887,\"updated_at\":\"2024-05-21T09:20:00Z\"}"));

        assertThat(run()).isEqualTo(BatchStatus.COMPLETED);

        assertThat(rows("select is_deleted, status, amount::varchar from core.deal where source_id = '1234567'"))
                .containsExactly("true|won|25000.00");
        assertThat(rows("select count(*) from core.line_item where is_deleted")).containsExactly("2");
        assertThat(rows("select is_deleted, email from core.contact")).containsExactly("true|jane.doe@acme.example");
        // flagged rows are synced when their tombstone was (the report build finds its changes by synced_at); the
        // others keep theirs
        String later = "synced_at > '" + syncedBefore + "'::timestamptz";
        assertThat(rows("select source_id, " + later + " from core.deal order by 1"))
                .containsExactly("1234501|false", "1234567|true", "1234569|false");
        assertThat(rows("select bool_and(" + later + ") from core.line_item")).containsExactly("true");
        assertThat(rows("select " + later + " from core.contact")).containsExactly("true");
    }
}
