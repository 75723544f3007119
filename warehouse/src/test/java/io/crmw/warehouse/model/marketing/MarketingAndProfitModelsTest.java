package io.crmw.warehouse.model.marketing;

import static io.crmw.warehouse.model.marketing.MarketingCore.declaredTest;
import static io.crmw.warehouse.model.marketing.MarketingCore.exec;
import static io.crmw.warehouse.model.marketing.MarketingCore.rows;
import static io.crmw.warehouse.model.marketing.MarketingCore.uniquenessTest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmw.warehouse.Warehouse;
import io.crmw.warehouse.model.ModelBuildException;
import io.crmw.warehouse.model.ModelRunner;
import io.crmw.warehouse.model.TransformResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The marketing and profit models (R3, R7, R8, R10, R11, R12 and the secondary reports) over the hand-made core of
 * {@link MarketingCore}: figures computed by hand, missing reference files degrading visibly, and every declared
 * invariant shown to fail on deliberately broken data. Built once; each breaking case breaks it in a transaction of
 * its own that is rolled back.
 */
class MarketingAndProfitModelsTest {

    @TempDir
    static Path dir;
    static Warehouse wh;

    @BeforeAll
    static void build() throws Exception {
        MarketingCore.writeReference(dir, true);
        wh = Warehouse.open(dir.resolve("w.duckdb"));
        MarketingCore.seed(wh);
        TransformResult r = new ModelRunner(wh, MarketingCore.vars(dir)).run("t1");
        assertThat(r.failures()).isEmpty();
    }

    @AfterAll
    static void close() {
        wh.close();
    }

    @Test
    void emailOutcomesPerSentEmailWithItsCampaign() throws Exception {
        assertThat(rows(wh, "select email_campaign_id, send_date, campaign_id, campaign_name, sent, delivered, bounced,"
                + " opened, clicked from reports.email_outcomes"))
                .containsExactly("e1|2024-01-03|hs:campaign:g1|Spring|100|90|10|40|10"); // the draft is left out
    }

    @Test
    void leadSourcesCountLeadsByCohortAndWonRevenueBySource() throws Exception {
        // lc3 was created 2024-01-31 23:30 UTC = 2024-02-01 in Berlin; d3's source WEIRD is unmapped -> unknown
        assertThat(rows(wh, "select period_start, source_normalized, channel, campaign_id, leads, mqls, sqls,"
                + " opportunities, customers, leads_unknown_source, won_deals, won_amount_rc from reports.lead_sources"
                + " order by 1, 2"))
                .containsExactly(
                        "2024-01-01|organic_search|organic|hs:campaign:g1|1|1|1|1|1|0|1|1000.00",
                        "2024-01-01|referrals|referral|hs:campaign:g1|1|0|0|0|0|0|1|500.00",
                        "2024-02-01|unknown|unknown|none|1|1|1|0|0|1|1|200.00");
    }

    @Test
    void customerGrossProfitOnlyWhereCostIsKnown() throws Exception {
        assertThat(rows(wh, "select period_start, account_id, revenue_rc, cogs_rc, gross_profit_rc, cost_status,"
                + " lifetime_orders, is_repeat from reports.customer_profitability order by 1, 2"))
                .containsExactly(
                        "2024-01-01|a1|1000.00|300.00|700.00|complete|2|true",
                        "2024-01-01|a2|500.00|0.00|null|no cost data|1|false",
                        "2024-02-01|a1|200.00|0.00|null|no cost data|2|true");
    }

    @Test
    void overheadIsAllocatedByDriverToTheCentAndOfferingsNetIt() throws Exception {
        // hosting 100 by units 3:5; admin 10 by revenue 1000:500 -> 666 + 333 cents, the cent left to p1
        assertThat(rows(wh, "select period_start, cost_pool, product_id, driver_used, driver_share,"
                + " allocated_amount_rc from reports.cost_allocation order by 1, 2, 3"))
                .containsExactly(
                        "2024-01-01|admin|p1|revenue|0.6666666666666666|6.67",
                        "2024-01-01|admin|p2|revenue|0.3333333333333333|3.33",
                        "2024-01-01|hosting|p1|units|0.375|37.50",
                        "2024-01-01|hosting|p2|units|0.625|62.50",
                        "2024-03-01|support|unallocated|none|1.0|50.00");
        assertThat(rows(wh, "select period_start, product_id, revenue_rc, direct_cost_rc, gross_profit_rc,"
                + " allocated_overhead_rc, net_profit_rc, has_cost_data from reports.offering_profitability order by 1, 2"))
                .containsExactly(
                        "2024-01-01|p1|1000.00|300.00|700.00|44.17|655.83|true",
                        "2024-01-01|p2|500.00|null|null|65.83|null|false",
                        "2024-02-01|unallocated|200.00|null|null|0.00|null|false",
                        "2024-03-01|unallocated|0.00|null|null|50.00|null|false");
    }

    @Test
    void campaignRoiByFirstTouchWithUnattributedDealsUnderNone() throws Exception {
        assertThat(rows(wh, "select campaign_id, period_start, leads, opportunities, won_opportunities, won_amount_rc,"
                + " pipeline_amount_rc, new_customers, repeat_customers, has_cost_data, roi_numerator, roi_denominator"
                + " from reports.campaign_performance order by 1"))
                .containsExactly(
                        "hs:campaign:g1|2024-01-01|2|3|2|1500.00|0.00|2|0|true|1350.00|150.00",
                        "none|null|1|2|1|200.00|800.00|0|1|false|null|null");
    }

    @Test
    void complaintsAndReturnRatePerProduct() throws Exception {
        assertThat(rows(wh, "select product_id, tickets, complaint_tickets, return_requests, units_sold"
                + " from reports.product_return_rate order by 1"))
                .containsExactly("p1|2|1|1|3.0000", "p2|0|0|0|5.0000", "unknown|1|1|0|0.0000");
        assertThat(rows(wh, "select product_id, reason_normalized, channel, return_request_unknown"
                + " from reports.product_complaints order by 1, 2"))
                .containsExactly("p1|billing|email|0", "p1|product_issue|email|0", "unknown|product_issue|chat|1");
    }

    @Test
    void aHelpDesksTicketsMeetTheSalesCrmsProductByNameWithExchangeAndRatingRates(@TempDir Path other) throws Exception {
        MarketingCore.writeReference(other, true);
        Files.writeString(other.resolve("reason_map.csv"), "*,ticket,exchange,exchange,false\n",
                java.nio.file.StandardOpenOption.APPEND);
        try (Warehouse w = Warehouse.open(other.resolve("w.duckdb"))) {
            MarketingCore.seed(w);
            // a help desk (source zd) names the product by its label only; the same SKU in two sales CRMs is one product
            exec(w, "update core.product set sku = 'PLT-1' where product_id = 'p1'",
                    "insert into core.product (product_id, name, sku, source_id, source_system, is_deleted, synced_at)"
                            + " values ('zd:product:platform', ' platform', null, 'platform', 'zd', false, now()),"
                            + " ('pd:product:9', 'Platform (EU)', 'plt 1', '9', 'pd', false, now())",
                    "insert into core.ticket (ticket_id, product_id, reason_raw, channel, created_at, satisfaction_score,"
                            + " source_id, source_system, is_deleted, synced_at) values"
                            + " ('zd:ticket:1', 'zd:product:platform', 'exchange', 'web', '2024-01-20 10:00:00+00', 'bad',"
                            + " '1', 'zd', false, now())");
            assertThat(new ModelRunner(w, MarketingCore.vars(other)).run("t1").failures()).isEmpty();
            assertThat(rows(w, "select product_id, canonical_product_id from core.product_identity order by 1"))
                    .containsExactly("p1|p1", "p2|p2", "pd:product:9|p1", "zd:product:platform|p1");
            // p1 in January: t1 (return, bad), t2 (good) and the help desk's exchange (bad) against 3 units sold
            assertThat(rows(w, "select product_id, tickets, return_requests, exchange_requests, satisfaction_rated,"
                    + " satisfaction_bad, units_sold, round(exchange_rate, 4), round(bad_rating_share, 4)"
                    + " from reports.product_return_rate where product_id = 'p1'"))
                    .containsExactly("p1|3|1|1|3|2|3.0000|0.3333|0.6667");
        }
    }

    @Test
    void aProductWithoutACurrencyIsCostedInItsCrmsHomeCurrencyElseTheLinesAndBothReportsCostALineAlike(@TempDir Path other)
            throws Exception {
        MarketingCore.writeReference(other, true);
        try (Warehouse w = Warehouse.open(other.resolve("w.duckdb"))) {
            MarketingCore.seed(w);
            // p3 and p4 have a unit cost but no currency; d3 (February) sells 3 of p3 and 2 of p4 on EUR lines. p4's
            // CRM (zz) has a home currency, USD: 2 x 10 USD = 20; p3's (hs) has none known, so the line's currency
            // counts: 3 x 10 EUR at 1.1 = 33 USD. d2 gets a line without a quantity: its cost is unknown, so d2 is
            // not costed (it was: l3's p2 has none)
            exec(w, "insert into core.product (product_id, name, unit_price, unit_cost, currency_code, source_id,"
                            + " source_system, is_deleted, synced_at) values ('p3', 'Add-on', 20.00, 10.00, null, 'p3', 'hs',"
                            + " false, now()), ('p4', 'Kit', 20.00, 10.00, null, 'p4', 'zz', false, now())",
                    "insert into core.crm_fx_rate (source_system, rate_kind, source_id, base_currency, currency_code, rate,"
                            + " rate_quote, valid_from, valid_to, synced_at) values ('zz', 'hubspot_portal', 'r1', 'USD',"
                            + " 'GBP', 1.25, 'in_base', '2020-01-01', '9999-12-31', now())",
                    "update core.product set unit_cost = 50.00 where product_id = 'p2'",
                    "insert into core.line_item (line_item_id, deal_id, product_id, quantity, unit_price, discount_amount,"
                            + " line_amount, currency_code, source_id, source_system, is_deleted, synced_at) values"
                            + " ('l4', 'd3', 'p3', 3, 20.00, 0, 60.00, 'EUR', 'l4', 'hs', false, now()),"
                            + " ('l6', 'd3', 'p4', 2, 20.00, 0, 40.00, 'EUR', 'l6', 'hs', false, now()),"
                            + " ('l5', 'd2', 'p1', null, 100.00, 0, 100.00, 'USD', 'l5', 'hs', false, now())");
            assertThat(new ModelRunner(w, MarketingCore.vars(other)).run("t1").failures()).isEmpty();
            assertThat(rows(w, "select line_item_id, quantity, line_cost_rc, cost_known from core.won_line_profit"
                    + " where line_item_id in ('l3', 'l4', 'l5', 'l6') order by 1"))
                    .containsExactly("l3|5.0000|250.00|true", "l4|3.0000|33.00|true", "l5|0.0000|null|false",
                            "l6|2.0000|20.00|true");
            assertThat(rows(w, "select period_start, sum(costed_revenue_rc), sum(cogs_rc), sum(uncosted_orders)"
                    + " from reports.monthly_summary group by 1 order by 1"))
                    .containsExactly("2024-01-01|1000.00|300.00|1", "2024-02-01|200.00|53.00|0");
            // the two reports agree on every fully costed deal's cost
            assertThat(rows(w, "select count(*) from (select close_month, sum(c) from (select d.close_month,"
                    + " sum(p.line_cost_rc) as c from core.won_line_profit p join core.deal_enriched d using (deal_id)"
                    + " group by d.deal_id, d.close_month having bool_and(p.cost_known)) group by 1"
                    + " except select period_start, sum(cogs_rc) from reports.monthly_summary group by 1)"))
                    .containsExactly("0");
        }
    }

    @Test
    void secondaryReports() throws Exception {
        assertThat(rows(wh, "select outcome_normalized, calls, connected, unmapped_outcome_calls, connected_duration_s"
                + " from reports.call_outcomes order by 1"))
                .containsExactly("connected|1|1|0|120", "unmapped|1|0|1|0");
        assertThat(rows(wh, "select activity_id, has_recording, is_connected from reports.call_recordings order by 1"))
                .containsExactly("k1|true|true", "k2|false|false");
        assertThat(rows(wh, "select period_start, stage_at_loss, lost_reason_normalized, lost_deals, lost_amount_rc"
                + " from reports.loss_reasons")).containsExactly("2024-01-01|s2|price|1|300.00");
        assertThat(rows(wh, "select source_normalized, lost_deals from reports.loss_reasons_per_source"))
                .containsExactly("organic_search|1");
        assertThat(rows(wh, "select period_start, source_normalized, open_amount_rc, weighted_open_rc, won_amount_rc"
                + " from reports.forecast_per_source order by 1, 2"))
                .containsExactly("2024-01-01|organic_search|0.00|0.00|1000.00",
                        "2024-01-01|referrals|0.00|0.00|500.00",
                        "2024-02-01|unknown|0.00|0.00|200.00",
                        "2024-03-01|organic_search|800.00|400.00|0.00");
        // d2 came through a referral partner: not direct
        assertThat(rows(wh, "select sum(won_deals), sum(won_amount_rc) from reports.direct_sales")).containsExactly("2|1200.00");
        assertThat(rows(wh, "select stage_id, cohort_size, reached_cnt, current_cnt from reports.direct_conversion_stages"
                + " order by display_order")).containsExactly("s1|4|4|0", "s2|4|4|1", "won|4|2|0"); // d3 skipped s2: passed
    }

    @Test
    void everyReportHasACatalogRow() throws Exception {
        assertThat(rows(wh, "select report_id from reports.catalog")).contains("email_outcomes", "lead_sources",
                "customer_profitability", "offering_profitability", "cost_allocation", "campaign_performance",
                "product_complaints", "product_return_rate", "forecast_per_source", "direct_sales",
                "direct_conversion_stages", "call_outcomes", "call_recordings", "loss_reasons", "loss_reasons_per_source");
    }

    @Test
    void missingReferenceFilesDegradeVisiblyInsteadOfFailing(@TempDir Path other) throws Exception {
        MarketingCore.writeReference(other, false); // fx rates only
        try (Warehouse bare = Warehouse.open(other.resolve("w.duckdb"))) {
            MarketingCore.seed(bare);
            assertThat(new ModelRunner(bare, MarketingCore.vars(other)).run("t1").failures()).isEmpty();
            assertThat(rows(bare, "select source_normalized, sum(leads), sum(leads_unknown_source), sum(leads_unmapped_source)"
                    + " from reports.lead_sources group by 1")).containsExactly("unknown|3|3|2");
            assertThat(rows(bare, "select campaign_id, has_cost_data, roi_numerator from reports.campaign_performance"
                    + " where campaign_id <> 'none'")).containsExactly("hs:campaign:g1|false|null");
            assertThat(rows(bare, "select count(*) from reports.cost_allocation")).containsExactly("0");
            assertThat(rows(bare, "select distinct reason_normalized from reports.product_complaints order by 1"))
                    .containsExactly("unmapped");
            assertThat(rows(bare, "select distinct outcome_normalized from reports.call_outcomes")).containsExactly("unmapped");
        }
    }

    @Test
    void aFailingInvariantFailsTheBuildNamingTheModelAndTest(@TempDir Path other) throws Exception {
        MarketingCore.writeReference(other, true);
        Files.writeString(other.resolve("cost_pools.csv"), "period_start,pool,amount,currency,driver\n"
                + "2024-01-01,hosting,100.00,USD,headcount\n");
        try (Warehouse broken = Warehouse.open(other.resolve("w.duckdb"))) {
            MarketingCore.seed(broken);
            assertThatThrownBy(() -> new ModelRunner(broken, MarketingCore.vars(other)).run("t1"))
                    .isInstanceOf(ModelBuildException.class)
                    .hasMessageContaining("test driver_is_known on core.cost_pool")
                    .hasMessageContaining("driver=headcount");
        }
    }

    @Test
    void aSecondRowForAnOwnerIdFailsTheBuildBeforeReportsCountItsDealsTwice(@TempDir Path other) throws Exception {
        // reports join owner names after aggregating by owner_id: the singular test owner_ids_are_unique guards that
        MarketingCore.writeReference(other, true);
        try (Warehouse w = Warehouse.open(other.resolve("w.duckdb"))) {
            MarketingCore.seed(w);
            exec(w, "insert into core.owner (owner_id, source_system, source_id, name, is_deleted, synced_at) values"
                    + " ('hs:owner:7', 'hs', '7', 'Ann', false, now()), ('hs:owner:7', 'hs', '7', 'Ann B.', false, now())");
            assertThatThrownBy(() -> new ModelRunner(w, MarketingCore.vars(other)).run("t1"))
                    .isInstanceOf(ModelBuildException.class)
                    .hasMessageContaining("test owner_ids_are_unique on tests: 1 offending row(s)")
                    .hasMessageContaining("owner_id=hs:owner:7, owner_rows=2");
        }
    }

    @Test
    void wonDealsWithoutAConvertedAmountAddNoOfferingRevenueSoItReconcilesWithTotalSales(@TempDir Path other)
            throws Exception {
        // d6: won, amount unknown, one line item; d7: won in a currency without a rate (fx_missing), one line item.
        // total_sales leaves their won_amount_rc null, so offering_profitability must not count their lines either
        // (it used to add d6's 400.00 of line revenue and failed revenue_reconciles_to_total_sales)
        MarketingCore.writeReference(other, true);
        try (Warehouse w = Warehouse.open(other.resolve("w.duckdb"))) {
            MarketingCore.seed(w);
            exec(w, "insert into core.deal (deal_id, status, amount, currency_code, close_date, created_at, account_id,"
                            + " pipeline_id, stage_id, probability, source_id, source_system, is_deleted, synced_at) values"
                            + " ('d6', 'won', null, 'USD', '2024-01-22', '2024-01-07 10:00:00+00', 'a2', 'pl', 'won', 1.0, 'd6', 'hs', false, now()),"
                            + " ('d7', 'won', 700.00, 'CHF', '2024-01-23', '2024-01-08 10:00:00+00', 'a2', 'pl', 'won', 1.0, 'd7', 'hs', false, now())",
                    "insert into core.deal_stage_history (deal_id, source_system, seq, pipeline_id, stage_id, entered_at, origin, synced_at) values"
                            + " ('d6', 'hs', 1, 'pl', 'won', '2024-01-22 10:00:00+00', 'history', now()),"
                            + " ('d7', 'hs', 1, 'pl', 'won', '2024-01-23 10:00:00+00', 'history', now())",
                    "insert into core.line_item (line_item_id, deal_id, product_id, quantity, unit_price, discount_amount,"
                            + " line_amount, source_id, source_system, is_deleted, synced_at) values"
                            + " ('l4', 'd6', 'p1', 1, 400.00, 0, 400.00, 'l4', 'hs', false, now()),"
                            + " ('l5', 'd7', 'p1', 1, 700.00, 0, 700.00, 'l5', 'hs', false, now())");
            TransformResult r = new ModelRunner(w, MarketingCore.vars(other)).run("t1");
            assertThat(r.failures()).isEmpty();
            assertThat(rows(w, "select sum(won_amount_rc), bool_or(amount_missing), bool_or(fx_missing)"
                    + " from reports.total_sales")).containsExactly("1700.00|true|true");
            assertThat(rows(w, "select sum(revenue_rc) from reports.offering_profitability"))
                    .containsExactly("1700.00");
            assertThat(rows(w, "select units, revenue_rc, direct_cost_rc, customers from reports.offering_profitability"
                    + " where period_start = '2024-01-01' and product_id = 'p1'"))
                    .containsExactly("3.0000|1000.00|300.00|1");
        }
    }

    /** (model, declared test, SQL that breaks the built table so the invariant no longer holds). */
    static Stream<Arguments> brokenData() {
        return Stream.of(
                Arguments.of("reports.email_outcomes", "delivered_within_sent", "update reports.email_outcomes set delivered = sent + 1"),
                Arguments.of("reports.email_outcomes", "opens_and_clicks_within_delivered", "update reports.email_outcomes set clicked = delivered + 1"),
                Arguments.of("reports.email_outcomes", "counts_not_negative", "update reports.email_outcomes set spam_reports = -1"),
                Arguments.of("reports.lead_sources", "cohort_stages_are_nested", "update reports.lead_sources set customers = leads + 1"),
                Arguments.of("reports.lead_sources", "unknown_within_leads", "update reports.lead_sources set leads_unmapped_source = leads_unknown_source + 1"),
                Arguments.of("reports.customer_profitability", "gross_profit_is_revenue_minus_cogs", "update reports.customer_profitability set gross_profit_rc = gross_profit_rc + 0.01"),
                Arguments.of("reports.customer_profitability", "revenue_reconciles_to_total_sales", "delete from reports.customer_profitability where account_id = 'a2'"),
                Arguments.of("reports.cost_allocation", "shares_sum_to_one", "update reports.cost_allocation set driver_share = driver_share * 0.9"),
                Arguments.of("reports.cost_allocation", "allocation_is_exhaustive", "update reports.cost_allocation set allocated_amount_rc = allocated_amount_rc - 0.01 where product_id = 'p2'"),
                Arguments.of("reports.offering_profitability", "net_profit_is_gross_minus_overhead", "update reports.offering_profitability set net_profit_rc = gross_profit_rc"),
                Arguments.of("reports.offering_profitability", "overhead_reconciles_to_pools", "update reports.offering_profitability set allocated_overhead_rc = 0 where product_id = 'unallocated'"),
                Arguments.of("reports.offering_profitability", "revenue_reconciles_to_total_sales", "update reports.offering_profitability set revenue_rc = 0 where product_id = 'unallocated'"),
                Arguments.of("reports.campaign_performance", "won_within_opportunities", "update reports.campaign_performance set won_opportunities = opportunities + 1"),
                Arguments.of("reports.campaign_performance", "roi_needs_cost", "update reports.campaign_performance set roi_denominator = 0, roi_numerator = won_amount_rc where campaign_id = 'none'"),
                Arguments.of("reports.campaign_performance", "won_amount_reconciles_to_deals", "update reports.campaign_performance set won_amount_rc = 0 where campaign_id = 'none'"),
                Arguments.of("reports.product_complaints", "returns_within_tickets", "update reports.product_complaints set return_requests = tickets + 1"),
                Arguments.of("reports.product_complaints", "tickets_reconcile", "delete from reports.product_complaints where product_id = 'unknown'"),
                Arguments.of("reports.product_return_rate", "returns_within_tickets", "update reports.product_return_rate set complaint_tickets = tickets + 1"),
                Arguments.of("reports.product_return_rate", "tickets_match_detail", "update reports.product_return_rate set tickets = tickets + 1 where product_id = 'p1'"),
                Arguments.of("core.deal_attribution", "weight_is_one_or_zero", "update core.deal_attribution set weight = 1 where campaign_id = 'none'"),
                Arguments.of("core.deal_attribution", "every_deal_is_attributed", "delete from core.deal_attribution where deal_id = 'd5'"),
                Arguments.of("core.won_line_profit", "cost_null_when_unknown", "update core.won_line_profit set line_cost_rc = 0 where not cost_known"),
                Arguments.of("core.cost_pool", "amount_is_not_negative", "update core.cost_pool set amount = -1"),
                Arguments.of("core.source_map", "sales_channel_is_known", "update core.source_map set sales_channel = 'reseller'"),
                Arguments.of("reports.call_outcomes", "connected_within_calls", "update reports.call_outcomes set connected = calls + 1"),
                Arguments.of("reports.call_outcomes", "calls_reconcile", "delete from reports.call_outcomes where outcome_normalized = 'unmapped'"),
                Arguments.of("reports.call_recordings", "recording_flag_matches_url", "update reports.call_recordings set has_recording = true"),
                Arguments.of("reports.loss_reasons", "lost_deals_reconcile", "update reports.loss_reasons set lost_deals = 2"),
                Arguments.of("reports.loss_reasons_per_source", "sums_match_loss_reasons", "update reports.loss_reasons_per_source set lost_amount_rc = 1"),
                Arguments.of("reports.forecast_per_source", "weighted_within_open", "update reports.forecast_per_source set weighted_open_rc = open_amount_rc + 1"),
                Arguments.of("reports.direct_sales", "direct_within_total_sales", "update reports.direct_sales set won_amount_rc = won_amount_rc * 10"),
                Arguments.of("reports.direct_conversion_stages", "reached_is_monotone", "update reports.direct_conversion_stages set reached_cnt = 9 where stage_id = 'won'"),
                Arguments.of("reports.direct_conversion_stages", "first_stage_is_cohort", "update reports.direct_conversion_stages set reached_cnt = cohort_size + 1 where stage_id = 's1'"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("brokenData")
    void declaredInvariantFailsOnBrokenData(String model, String test, String breakIt) throws Exception {
        String sql = declaredTest(model, test);
        assertThat(rows(wh, sql)).as("holds on good data").isEmpty();
        try (Broken broken = new Broken()) {
            broken.exec(breakIt);
            assertThat(broken.rows(sql)).as("fails on broken data").isNotEmpty();
        }
    }

    static Stream<String> marketingModels() {
        return Stream.of("reports.email_outcomes", "reports.lead_sources", "reports.customer_profitability",
                "reports.cost_allocation", "reports.offering_profitability", "reports.campaign_performance",
                "reports.product_complaints", "reports.product_return_rate", "reports.call_outcomes",
                "reports.call_recordings", "reports.loss_reasons", "reports.loss_reasons_per_source",
                "reports.forecast_per_source", "reports.direct_sales", "reports.direct_conversion_stages",
                "core.deal_attribution", "core.won_line_profit", "core.lost_deal_reason", "core.source_map",
                "core.reason_map", "core.outcome_map", "core.campaign_cost", "core.cost_pool");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("marketingModels")
    void uniquenessOfEveryGrainFailsOnADuplicatedRow(String model) throws Exception {
        String sql = uniquenessTest(model);
        assertThat(rows(wh, sql)).isEmpty();
        try (Broken broken = new Broken()) {
            assertThat(broken.rows("select count(*) > 0 from " + model)).containsExactly("true");
            broken.exec("insert into " + model + " select * from " + model + " limit 1");
            assertThat(broken.rows(sql)).isNotEmpty();
        }
    }

    /**
     * The built warehouse broken inside a transaction that is rolled back on close: each breaking case sees only its
     * own change, without a copy of the file per case (each case first checks that the invariant holds on the
     * warehouse as built, so a change that outlived its case would fail the next one).
     */
    private static final class Broken implements AutoCloseable {
        private final Connection c = wh.connect();

        Broken() throws SQLException {
            c.setAutoCommit(false);
        }

        void exec(String sql) throws SQLException {
            try (Statement st = c.createStatement()) {
                st.execute(sql);
            }
        }

        List<String> rows(String sql) throws Exception {
            return io.crmw.warehouse.testing.WarehouseSql.rows(c, sql);
        }

        @Override
        public void close() throws SQLException {
            try {
                c.rollback();
            } finally {
                c.close();
            }
        }
    }
}
