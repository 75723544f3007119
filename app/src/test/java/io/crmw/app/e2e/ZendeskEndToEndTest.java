package io.crmw.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.sandbox.Sandbox;
import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.Crm;
import io.crmw.sandbox.business.Deal;
import io.crmw.sandbox.business.FxRates;
import io.crmw.sandbox.business.LineItem;
import io.crmw.sandbox.business.Ticket;
import io.crmw.sandbox.business.truth.CrmSplitTruth;
import io.crmw.sandbox.business.truth.ProfitTruth;
import io.crmw.sandbox.zendesk.ZendeskSupportSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A business whose help desk is Zendesk Support and whose self-serve deals are in Zendesk Sell, both synced through
 * the whole pipeline: every count and R12's complaints, returns and exchanges per product and month equal the
 * oracle, the tickets' products meeting the products Sell sells; Sell's total sales per month equal it to the cent.
 */
class ZendeskEndToEndTest {
    static final Map<String, String> FAST = Map.of("retry-base-millis", "20", "retry-max-millis", "1000");
    static final String SUPPORT = "where source_system = '" + PipelineHarness.ZENDESK + "'";
    static final String SELL = "where source_system = '" + PipelineHarness.ZENDESK_SELL + "'";

    @TempDir
    Path dir;

    /** A size-1 business split between HubSpot (its home, not synced here), Zendesk Support and Zendesk Sell. */
    static Sandbox zendesk(SandboxOptions options) {
        return Sandbox.start(options.withSize(1).withCrms(EnumSet.of(Crm.HUBSPOT, Crm.ZENDESK_SUPPORT,
                Crm.ZENDESK_SELL)));
    }

    /** Both Zendesk sources into one warehouse whose months are UTC months, as the oracle counts them. */
    static PipelineHarness harness(Sandbox sandbox, Path dir, Map<String, String> settings) {
        return new PipelineHarness(sandbox, dir, List.of(PipelineHarness.zendesk(sandbox, settings, false),
                PipelineHarness.zendeskSell(sandbox, settings)), ZoneId.of("UTC"));
    }

    @Test
    void supportCountsAndDeadOnArrivalRatesAndSellTotalsEqualTheOracle() throws Exception {
        try (Sandbox sandbox = zendesk(SandboxOptions.defaults().withSeed(23).withoutRateLimits());
             PipelineHarness h = harness(sandbox, dir, FAST)) {
            Business business = sandbox.business();
            ZendeskSupportSimulator zd = sandbox.zendeskSupport();
            Ticket open = business.tickets().stream().filter(t -> t.closedAt() == null).findFirst().orElseThrow();
            zd.deleteTicket(ZendeskSupportSimulator.ticketId(open.id()));
            zd.advanceClock(Duration.ofSeconds(61)); // the export leaves out the last minute

            for (String source : List.of(PipelineHarness.ZENDESK, PipelineHarness.ZENDESK_SELL)) {
                var run = h.sync(source);
                assertThat(run.error()).as(source).isNull();
                assertThat(run.status()).as(source).isEqualTo("succeeded");
            }

            CrmSplitTruth truth = new CrmSplitTruth(business);
            assertThat(h.count("select count(*) from core.ticket " + SUPPORT + " and not is_deleted"))
                    .isEqualTo(truth.supportTickets());
            assertThat(h.count("select count(*) from core.ticket " + SUPPORT + " and is_deleted"))
                    .isEqualTo(truth.deletedSupportTickets()).isOne();
            assertThat(h.count("select count(*) from core.contact " + SUPPORT) + h.count("select count(*) from "
                    + "core.owner " + SUPPORT)).isEqualTo(truth.supportUsers());
            assertThat(h.count("select count(*) from core.account " + SUPPORT)).isEqualTo(truth.supportOrganizations());
            for (String score : List.of("good", "bad", "offered")) {
                assertThat(h.count("select count(*) from core.ticket " + SUPPORT + " and not is_deleted and "
                        + "satisfaction_score = '" + score + "'")).as(score).isEqualTo(truth.satisfactionRatings(score));
            }
            assertThat(h.count("select count(*) from raw.zendesk_test__satisfaction_ratings")).isEqualTo(
                    truth.satisfactionRatings("good") + truth.satisfactionRatings("bad")
                            + truth.satisfactionRatings("offered"));

            assertThat(deadOnArrival(h)).isNotEmpty().isEqualTo(deadOnArrivalTruth(business, truth));
            assertThat(h.count("select sum(satisfaction_bad) from reports.product_return_rate"))
                    .isEqualTo(truth.satisfactionRatings("bad"));
            assertThat(h.count("select sum(satisfaction_rated) from reports.product_return_rate"))
                    .isEqualTo(truth.satisfactionRatings("good") + truth.satisfactionRatings("bad"));

            // Sell: total sales per month to the cent, live counts, and every sales report has Sell rows
            assertThat(PipedriveEndToEndTest.reported(h, SELL)).isNotEmpty().isEqualTo(PipedriveEndToEndTest.scaled(
                    truth.wonAmountPerMonth(Crm.ZENDESK_SELL, "USD", FxRates.load(PipelineHarness.FX))));
            String live = "select count(*) from core.%s " + SELL + " and not is_deleted";
            assertThat(h.count(live.formatted("deal"))).isEqualTo(truth.liveDeals(Crm.ZENDESK_SELL));
            assertThat(h.count(live.formatted("account"))).isEqualTo(truth.liveCompanies(Crm.ZENDESK_SELL));
            assertThat(h.count(live.formatted("contact")) + h.count(live.formatted("lead")))
                    .isEqualTo(truth.liveContacts(Crm.ZENDESK_SELL));
            assertThat(h.count(live.formatted("line_item"))).isEqualTo(truth.lineItems(Crm.ZENDESK_SELL));
            for (String report : List.of("total_sales", "sales_trend", "sales_forecast", "sales_funnel",
                    "pipeline_snapshot", "pipeline_movement", "lead_sources", "sales_conversion", "daily_activity",
                    "weekly_progress", "monthly_summary", "customer_profitability", "forecast_per_source",
                    "direct_sales", "loss_reasons", "call_outcomes", "call_recordings")) {
                assertThat(h.count("select count(*) from reports." + report + " " + SELL)).as(report).isPositive();
            }
            assertThat(h.count("select count(*) from meta.stream_run where status <> 'succeeded'")).isZero();
        }
    }

    /** R12 per product SKU and month: complaints, return requests, exchange requests, units sold (non-zero rows). */
    static SortedMap<String, List<Long>> deadOnArrival(PipelineHarness h) throws Exception {
        SortedMap<String, List<Long>> out = new TreeMap<>();
        for (List<Object> row : h.rows("""
                select p.sku || ' ' || strftime(r.period_start, '%Y-%m'), r.complaint_tickets, r.return_requests,
                       r.exchange_requests, cast(r.units_sold as bigint)
                from reports.product_return_rate r left join core.product p on p.product_id = r.product_id
                where r.complaint_tickets + r.return_requests + r.exchange_requests + r.units_sold > 0""")) {
            out.put((String) row.get(0), row.subList(1, 5).stream().map(v -> ((Number) v).longValue()).toList());
        }
        return out;
    }

    /** The same from the business: tickets per request type (CrmSplitTruth), units of Sell's won deals' lines. */
    static SortedMap<String, List<Long>> deadOnArrivalTruth(Business business, CrmSplitTruth truth) {
        SortedMap<String, long[]> n = new TreeMap<>();
        List<String> types = List.of("complaint", "return", "exchange");
        for (int i = 0; i < types.size(); i++) {
            int at = i;
            truth.supportTicketsPerProductAndMonth(types.get(i)).forEach((sku, months) -> months.forEach((month, count)
                    -> n.computeIfAbsent(sku + " " + month, k -> new long[4])[at] += count));
        }
        Map<String, String> skuOf = new TreeMap<>();
        business.products().forEach(p -> skuOf.put(p.id(), p.sku()));
        for (LineItem l : new ProfitTruth(business).wonLineItems()) {
            Deal d = business.deal(l.dealId()).orElseThrow();
            if (business.holder(d) == Crm.ZENDESK_SELL && l.productId() != null) {
                n.computeIfAbsent(skuOf.get(l.productId()) + " " + YearMonth.from(d.closeDate()), k -> new long[4])[3]
                        += l.quantity();
            }
        }
        SortedMap<String, List<Long>> out = new TreeMap<>();
        n.forEach((k, c) -> out.put(k, List.of(c[0], c[1], c[2], c[3])));
        return out;
    }
}
