package io.crmw.etl.normalize.zendesk;

import static io.crmw.etl.normalize.zendesk.ZendeskFixtures.rec;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.etl.normalize.WarehouseStepsTest;
import io.crmw.warehouse.raw.RawRecord;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import tools.jackson.databind.node.ObjectNode;

/** Zendesk Support's steps, finishing SQL included, over a real temporary DuckDB warehouse. */
class ZendeskSupportNormalizationStepsTest extends WarehouseStepsTest {

    ZendeskSupportNormalizationStepsTest() {
        super("zendesk-main", "zendesk", 2);
    }

    private void landFixtures() {
        for (String stream : List.of("users", "organizations", "tickets", "ticket_metrics")) {
            land(stream, ZendeskFixtures.records(stream + ".json").stream()
                    .map(r -> rec(r, !r.path("active").asBoolean(true) || !r.path("deleted_at").isNull()
                            && !r.path("deleted_at").isMissingNode()))
                    .toArray(RawRecord[]::new));
        }
    }

    @Test
    void ticketsUsersAndOrganizationsBecomeCoreWithProductsRequestTypesRatingsAndSolvedTimes() throws Exception {
        landFixtures();

        assertThat(run()).isEqualTo(BatchStatus.COMPLETED);

        assertThat(rows("select source_id, account_id, product_id, owner_id, type, status, channel, reason_raw, "
                + "satisfaction_score, strftime(solved_at, '%Y-%m-%dT%H:%M'), is_deleted from core.ticket order by 1"))
                .containsExactly(
                        "35436|zendesk-main:account:509974|zendesk-main:product:product_sku_1008|zendesk-main:owner:235323"
                                + "|problem|open|email|complaint|unoffered|null|false",
                        "35437|zendesk-main:account:509974|zendesk-main:product:product_sku_1008|zendesk-main:owner:235323"
                                + "|question|solved|web|return|bad|2024-05-20T14:58|false",
                        "35438|null|null|null|question|closed|chat|question|offered|2024-04-02T18:00|false");
        // the products the tickets name, labelled as the drop-down labels them
        assertThat(rows("select product_id, name, sku from core.product")).containsExactly(
                "zendesk-main:product:product_sku_1008|Hardware Gateway|null");
        assertThat(rows("select source_id, account_id, email, first_name, last_name, is_deleted from core.contact "
                + "order by 1")).containsExactly(
                "20978392|zendesk-main:account:509974|jane.doe@acme.example|Jane|Doe|false",
                "20978393|null|max@beta.example|Max|Mustermann|true"); // active: false is a deleted user
        assertThat(rows("select source_id, name, is_active from core.owner")).containsExactly("235323|Sam Agent|true");
        assertThat(rows("select source_id, domain, is_deleted from core.account order by 1")).containsExactly(
                "509974|acme.example|false", "509981|null|true");
    }

    @Test
    void aDeletedTicketIsFlaggedAndItsProductGoesWithTheLastTicketNamingIt() throws Exception {
        landFixtures();
        run();
        ObjectNode deleted = ZendeskFixtures.record("tickets.json", "35436").put("status", "deleted");
        ObjectNode returned = ZendeskFixtures.record("tickets.json", "35437");
        returned.remove("product");
        land("tickets", rec(deleted, true), rec(returned, false));

        assertThat(run()).isEqualTo(BatchStatus.COMPLETED);

        assertThat(rows("select source_id, is_deleted from core.ticket order by 1")).containsExactly("35436|true",
                "35437|false", "35438|false");
        assertThat(rows("select count(*) from core.product")).containsExactly("0");
        // an agent who becomes an end-user moves from owner to contact
        ObjectNode agent = ZendeskFixtures.record("users.json", "235323").put("role", "end-user");
        land("users", rec(agent, false));
        run();
        assertThat(rows("select count(*) from core.owner")).containsExactly("0");
        assertThat(rows("select count(*) from core.contact where source_id = '235323'")).containsExactly("1");
    }
}
