package io.crmw.etl.normalize.pipedrive;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.etl.normalize.WarehouseStepsTest;
import io.crmw.warehouse.raw.RawRecord;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import tools.jackson.databind.node.ObjectNode;

/** The Pipedrive steps, finishing SQL included, over a real temporary DuckDB warehouse. */
class PipedriveNormalizationStepsTest extends WarehouseStepsTest {

    private static final String SOURCE = PipedriveFixtures.SOURCE;

    PipedriveNormalizationStepsTest() {
        super(SOURCE, "pipedrive", 2);
    }

    @Test
    void normalizesACompanyIntoCoreAndFinishesItSetBased() throws Exception {
        landFixtures();

        assertThat(run()).isEqualTo(BatchStatus.COMPLETED);

        assertThat(rows("select source_id, status, probability_raw, probability, strftime(closed_at, '%Y-%m-%dT%H:%M:%S'), "
                + "close_date::varchar, is_deleted from core.deal order by source_id")).containsExactly(
                // no probability of its own: its stage's, pipeline 1 uses deal probability
                "812|lost|80|0.8|2024-05-20T14:03:11|2024-05-20|false",
                "813|won|90|0.9|2024-06-30T23:30:00|2024-06-30|false",
                "814|open|40|0.4|null|2024-09-30|false",
                // pipeline 2 has deal probability switched off: no probability
                "815|open|null|null|null|null|false",
                "816|open|10|0.1|null|null|true",
                "817|won|80|0.8|2023-03-01T12:00:00|2023-03-01|false");
        assertThat(rows("select source_id, probability_raw, probability, is_closed, is_won from core.stage "
                + "where source_id in ('2', '5') order by source_id")).containsExactly(
                "2|40|0.4|false|false", "5|50|null|false|false");

        // 812 from its changelog (pipeline from the stage), the others inferred from the deal until theirs lands
        assertThat(rows("select deal_id, seq, stage_id, strftime(entered_at, '%Y-%m-%d %H:%M'), "
                + "strftime(exited_at, '%Y-%m-%d %H:%M'), origin, pipeline_id from core.deal_stage_history "
                + "where deal_id in ('pipedrive-main:deal:812', 'pipedrive-main:deal:815') order by deal_id, seq"))
                .containsExactly(
                        "pipedrive-main:deal:812|1|pipedrive-main:stage:1|2024-05-01 09:12|2024-05-08 11:30|history|pipedrive-main:pipeline:1",
                        "pipedrive-main:deal:812|2|pipedrive-main:stage:2|2024-05-08 11:30|2024-05-08 11:30|history|pipedrive-main:pipeline:1",
                        "pipedrive-main:deal:812|3|pipedrive-main:stage:3|2024-05-08 11:30|2024-05-15 10:00|history|pipedrive-main:pipeline:1",
                        "pipedrive-main:deal:812|4|pipedrive-main:stage:4|2024-05-15 10:00|null|history|pipedrive-main:pipeline:1",
                        "pipedrive-main:deal:815|1|pipedrive-main:stage:5|2024-06-05 08:00|null|inferred|pipedrive-main:pipeline:2");
        assertThat(rows("select count(*), count(*) filter (where origin = 'inferred') from core.deal_stage_history"))
                .containsExactly("9|5");

        // the name of line 9001 from its product, the disabled line left out
        assertThat(rows("select source_id, deal_id, name, quantity::varchar, unit_price::varchar, "
                + "discount_amount::varchar, line_amount::varchar, currency_code, term_months from core.line_item "
                + "order by source_id")).containsExactly(
                "9001|pipedrive-main:deal:812|Analytics seat|20.0000|1200.00|2400.00|21600.00|EUR|36",
                "9002|pipedrive-main:deal:812|null|1.0000|500.00|50.00|450.00|EUR|null");
        assertThat(rows("select unit_price::varchar, unit_cost::varchar, currency_code from core.product"))
                .containsExactly("1200.00|300.00|EUR");

        // a lead's e-mail is its person's; its label names are its raw lead status
        assertThat(rows("select status, email, lead_source_raw, lead_status_raw, lead_status from core.lead"
                + " order by created_at")).containsExactly(
                "archived|null|API|null|unqualified", "open|jane.doe@acme.de|Web forms|Hot|working");
        assertThat(rows("select source_id, type, is_deleted from core.activity order by source_id")).containsExactly(
                "7001|call|false", "7002|task|false", "7003|meeting|true", "note-7001|note|false");
        assertThat(rows("select owner_id, is_active from core.owner order by owner_id")).containsExactly(
                "pipedrive-main:owner:18|true", "pipedrive-main:owner:19|false");
        assertThat(rows("select domain, country from core.account")).containsExactly("acme.de|Germany");

        // a crash after the merges but before the watermark commits replays the same raw rows: nothing doubles
        List<String> before = counts();
        exec("delete from meta.normalize_state");
        assertThat(run()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(counts()).isEqualTo(before);
        assertThat(before).containsExactly("6", "9", "2", "2", "1", "5", "2", "4");
    }

    @Test
    void laterVersionsReplaceLineItemsAndHistoryAndFlagDeletes() throws Exception {
        landFixtures();
        run();

        // product 9001 removed from deal 812; deal 814 hard-deleted (an ids-only tombstone); pipeline 2 turns deal
        // probability on; deal 815's changelog lands (it moved from stage 5 to 6 at a v1 time)
        ObjectNode products = PipedriveFixtures.records("deal_products.json").get(0);
        products.withArray("data").remove(0);
        ObjectNode thin = PipedriveFixtures.JSON.createObjectNode().put("id", 814);
        ObjectNode pipeline = PipedriveFixtures.record("pipelines.json", "2").put("is_deal_probability_enabled", true);
        ObjectNode changelog = PipedriveFixtures.JSON.createObjectNode().put("deal_id", 815)
                .put("update_time", "2024-06-20T09:00:00Z").put("add_time", "2024-06-05T08:00:00Z").put("stage_id", 5);
        changelog.putArray("data").addObject().put("field_key", "stage_id").put("old_value", "5")
                .put("new_value", "6").put("time", "2024-06-12 09:15:00");
        land("deal_products", rec(products, false));
        land("deals", rec(thin, true));
        land("pipelines", rec(pipeline, false));
        land("deal_changelog", rec(changelog, false));
        assertThat(run()).isEqualTo(BatchStatus.COMPLETED);

        assertThat(rows("select source_id from core.line_item")).containsExactly("9002");
        assertThat(rows("select source_id, is_deleted, amount::varchar, probability from core.deal "
                + "where source_id in ('814', '815') order by source_id")).containsExactly(
                "814|true|4000.00|0.4", // flagged, its last known values kept
                "815|false|9000.00|0.5"); // its stage's probability, now that the pipeline uses it
        assertThat(rows("select seq, stage_id, strftime(entered_at, '%Y-%m-%d %H:%M'), origin from core.deal_stage_history "
                + "where deal_id = 'pipedrive-main:deal:815' order by seq")).containsExactly(
                "1|pipedrive-main:stage:5|2024-06-05 08:00|history",
                "2|pipedrive-main:stage:6|2024-06-12 09:15|history");
    }

    @Test
    void stepNamesFollowTheDependencyOrder() {
        List<String> names = stepNames();

        assertThat(names).startsWith("normalizePipedriveMainUsers", "resolvePipedriveMainUsers",
                "normalizePipedriveMainPipelines", "resolvePipedriveMainPipelines", "normalizePipedriveMainStages");
        assertThat(names).containsSubsequence("normalizePipedriveMainPersons", "normalizePipedriveMainProducts",
                "normalizePipedriveMainLeads", "resolvePipedriveMainLeads", "normalizePipedriveMainDeals",
                "resolvePipedriveMainDeals", "normalizePipedriveMainDealProducts", "resolvePipedriveMainDealProducts",
                "normalizePipedriveMainDealChangelog", "resolvePipedriveMainDealChangelog",
                "normalizePipedriveMainActivities", "normalizePipedriveMainNotes");
    }

    private List<String> counts() throws SQLException {
        return coreCounts("deal", "deal_stage_history", "deal_contact", "line_item", "product", "stage", "lead",
                "activity");
    }

    private void landFixtures() {
        land("users", "users.json");
        land("pipelines", "pipelines.json");
        land("stages", "stages.json");
        land("organizations", "organization.json");
        land("persons", "person.json");
        land("products", "product.json");
        land("lead_labels", "lead_labels.json");
        land("leads", "leads.json");
        land("deals", "deals.json");
        land("deal_products", "deal_products.json");
        land("deal_changelog", "deal_changelog.json");
        land("activities", "activities.json");
        land("notes", "note.json");
    }

    private void land(String stream, String file) {
        land(stream, PipedriveFixtures.records(file).stream().map(r -> rec(r, false)).toArray(RawRecord[]::new));
    }

    private static RawRecord rec(ObjectNode payload, boolean deleted) {
        return new RawRecord(PipedriveFixtures.key(payload), null, deleted, payload.toString());
    }
}
