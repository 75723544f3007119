package io.crmw.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.sandbox.Sandbox;
import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.BusinessGenerator;
import io.crmw.sandbox.business.Crm;
import io.crmw.sandbox.business.Deal;
import io.crmw.sandbox.business.FxRates;
import io.crmw.sandbox.business.NewDeal;
import io.crmw.sandbox.business.Ticket;
import io.crmw.sandbox.business.truth.CrmSplitTruth;
import io.crmw.sandbox.zendesk.ZendeskSellSimulator;
import io.crmw.sandbox.zendesk.ZendeskSupportSimulator;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The second run reads only what changed: Support's exports resume from their stored cursors (one call each, the
 * organizations' overlapping second landed once), Sell's newest-first lists stop at the cursor after one page and its
 * Firehose brings the deleted deal.
 */
class ZendeskSyncTest {

    @TempDir
    Path dir;

    private static String lastRun(String columns, String source, String stream) {
        return "select " + columns + " from meta.stream_run where run_id = (select arg_max(run_id, started_at) from meta.sync_run "
                + "where source = '" + source + "') and stream = '" + stream + "'";
    }

    @Test
    void theSecondSyncReadsOnlyTheChangesOfBothProducts() throws Exception {
        try (Sandbox sandbox = ZendeskEndToEndTest.zendesk(SandboxOptions.defaults().withSeed(31).withoutRateLimits());
             PipelineHarness h = ZendeskEndToEndTest.harness(sandbox, dir, ZendeskEndToEndTest.FAST)) {
            ZendeskSupportSimulator zd = sandbox.zendeskSupport();
            ZendeskSellSimulator sell = sandbox.zendeskSell();
            assertThat(h.sync(PipelineHarness.ZENDESK).status()).isEqualTo("succeeded");
            assertThat(h.sync(PipelineHarness.ZENDESK_SELL).status()).isEqualTo("succeeded");
            Set<String> dealOverlap = h.overlap(PipelineHarness.ZENDESK_SELL, "deals");
            assertThat(dealOverlap).hasSizeLessThan(10);

            // an ordinary day at the help desk: one ticket solved, one deleted
            Business business = sandbox.business();
            List<Ticket> open = business.tickets().stream().filter(t -> t.closedAt() == null && !t.deleted())
                    .sorted(Comparator.comparing(Ticket::id)).toList();
            long solved = ZendeskSupportSimulator.ticketId(open.get(0).id());
            long deleted = ZendeskSupportSimulator.ticketId(open.get(1).id());
            zd.solveTicket(solved);
            zd.deleteTicket(deleted);
            // and in Sell: a deal won, one added, one deleted
            List<Deal> sellOpen = business.deals().stream().filter(d -> !d.archived()
                    && business.holder(d) == Crm.ZENDESK_SELL && !business.stageOf(d).closed())
                    .sorted(Comparator.comparing(Deal::id)).toList();
            Deal won = sellOpen.get(0);
            Deal gone = sellOpen.get(1);
            business.closeDealWon(won.id(), LocalDate.now());
            Deal added = business.addDeal(new NewDeal("Self-serve – upgrade", new BigDecimal("990.00"), "USD",
                    BusinessGenerator.DEFAULT_PIPELINE, "qualifiedtobuy", LocalDate.now().plusMonths(1), won.ownerId(),
                    won.companyId(), List.of(), "ORGANIC_SEARCH"));
            assertThat(business.holder(added)).isEqualTo(Crm.ZENDESK_SELL);
            sell.deleteDeal(ZendeskSellSimulator.dealId(gone.id()));
            zd.advanceClock(Duration.ofSeconds(61)); // past the minute the exports leave out
            zd.resetRequestLog();
            sell.resetRequestLog();

            assertThat(h.sync(PipelineHarness.ZENDESK).status()).isEqualTo("succeeded");
            assertThat(h.sync(PipelineHarness.ZENDESK_SELL).status()).isEqualTo("succeeded");

            // Support: the two changed tickets (the deleted one a tombstone), nothing else from the exports
            String support = PipelineHarness.ZENDESK;
            assertThat(h.rows(lastRun("records, tombstones", support, "tickets"))).containsExactly(List.of(2L, 1L));
            assertThat(h.rows(lastRun("records", support, "users"))).containsExactly(List.of(0L));
            assertThat(h.rows(lastRun("records", support, "organizations"))).containsExactly(List.of(0L));
            for (String export : List.of("tickets/cursor.json", "users/cursor.json", "organizations.json")) {
                assertThat(zd.requests("GET", "/api/v2/incremental/" + export)).as(export).isOne();
            }
            assertThat(zd.requests("GET", "/api/v2/ticket_fields")).isEqualTo(1); // its stream and the tickets' labels share it
            assertThat(h.rows("select status, satisfaction_score is not null, solved_at is not null from core.ticket "
                    + "where source_system = '" + support + "' and source_id = '" + solved + "'"))
                    .containsExactly(List.of("solved", true, true));
            assertThat(h.rows("select is_deleted from core.ticket where source_id = '" + deleted + "'"))
                    .containsExactly(List.of(true));

            // Sell: one page of each changing list, the deal list's overlap plus the won and added deals, the deleted
            // deal from the Firehose as a tombstone
            String sellSource = PipelineHarness.ZENDESK_SELL;
            Set<String> deals = new HashSet<>(dealOverlap);
            deals.addAll(Set.of(id(won), id(added)));
            deals.remove(id(gone));
            assertThat(h.rows(lastRun("records, tombstones", sellSource, "deals")))
                    .containsExactly(List.of(deals.size() + 1L, 1L));
            assertThat(sell.requests("GET", "/v2/deals")).isOne();
            assertThat(sell.requests("GET", "/v3/deals/stream")).isOne();
            assertThat(sell.requests("GET", "/v2/calls")).isOne();
            assertThat(h.rows(lastRun("http_calls", sellSource, "deals"))).containsExactly(List.of(2L));
            // line items: one call per order changed since the cursor (those it lands), none for the orders before
            List<Object> lines = h.rows(lastRun("records, http_calls", sellSource, "line_items")).get(0);
            assertThat(sell.requestsStartingWith("/v2/orders/")).isEqualTo((Long) lines.get(0));
            assertThat((Long) lines.get(1)).isEqualTo((Long) lines.get(0) + 1); // + its one page of orders
            assertThat(h.rows("select is_deleted from core.deal where source_system = '" + sellSource
                    + "' and source_id = '" + id(gone) + "'")).containsExactly(List.of(true));
            CrmSplitTruth truth = new CrmSplitTruth(business);
            assertThat(h.count("select count(*) from core.deal where not is_deleted and source_system = '"
                    + sellSource + "'")).isEqualTo(truth.liveDeals(Crm.ZENDESK_SELL));
            assertThat(PipedriveEndToEndTest.reported(h, ZendeskEndToEndTest.SELL)).isEqualTo(PipedriveEndToEndTest
                    .scaled(truth.wonAmountPerMonth(Crm.ZENDESK_SELL, "USD", FxRates.load(PipelineHarness.FX))));
            assertThat(h.count("select count(*) from core.ticket where not is_deleted and source_system = '"
                    + support + "'")).isEqualTo(truth.supportTickets());
        }
    }

    private static String id(Deal d) {
        return Long.toString(ZendeskSellSimulator.dealId(d.id()));
    }
}
