package io.crmw.warehouse.model.marketing;

import io.crmw.warehouse.Warehouse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small hand-made core dataset for the marketing and profit models (source 'hs', reporting currency USD, zone
 * Europe/Berlin, as of 2024-03-15), its reference CSVs, and helpers to query and to run one model's declared test.
 *
 * <pre>
 * d1 won  1000 USD 2024-01-15 a1 c1 ORGANIC_SEARCH  lines p1 2x300 + 1x400 (p1 unit cost 100 -> cogs 300)
 * d2 won   500 USD 2024-01-20 a2 c2 REFERRALS       line p2 5x100 (p2 has no unit cost)
 * recurring lines: l1 monthly 12 months (MRR 600), l2 annually 12 months (MRR 33.33), l3 monthly 1 month (MRR 500):
 *   a1 new in January at 633.33 and unchanged to March; a2 new in January at 500, churned in February
 * d3 won   200 USD 2024-02-05 a1 c3 WEIRD (unmapped) no lines (unallocated)
 * d4 lost  300 USD 2024-01-25 a2 c1 ORGANIC_SEARCH  'Price too high', lost from s2
 * d5 open  800 USD 2024-03-10 a2 c3 ORGANIC_SEARCH  s2, probability 0.5
 * leads lc1 converted, lc2 working (ATTEMPTED_TO_CONTACT), lc3 without a lead status; a1 buys again 21 days later (d3)
 * c1, c2 first touch campaign g1 'Spring' (cost 150 USD); e-mail e1 of g1 sent 2024-01-03
 * tickets: t1 p1 PRODUCT_ISSUE return rated bad, t2 p1 BILLING_ISSUE rated good, t3 no product PRODUCT_ISSUE (Jan)
 * calls: k1 connected 120 s recorded, k2 outcome 'xyz' (unmapped) 5 s
 * pools: 2024-01 hosting 100.00 by units, admin 10.00 by revenue; 2024-03 support 50.00 by tickets (no activity)
 * </pre>
 */
public final class MarketingCore {

    static final Map<String, String> CSVS = Map.of(
            "fx_rates.csv", "rate_date,from_currency,to_currency,rate\n2024-01-01,EUR,USD,1.100000\n",
            "source_map.csv", "source_system,raw_value,source_normalized,channel,sales_channel\n"
                    + "*,ORGANIC_SEARCH,organic_search,organic,direct\n*,REFERRALS,referrals,referral,partner\n",
            "reason_map.csv", "source_system,domain,raw_value,normalized,is_complaint\n"
                    + "*,loss,Price too high,price,false\n*,ticket,PRODUCT_ISSUE,product_issue,true\n"
                    + "*,ticket,BILLING_ISSUE,billing,false\n",
            "outcome_map.csv", "source_system,raw_value,outcome_normalized,is_connected\n"
                    + "*,f240bbac-87c9-4f6e-bf70-924b57d47db7,connected,true\n",
            "campaign_costs.csv", "campaign_id,campaign_name,cost,currency\ng1,Spring,150.00,USD\n",
            "cost_pools.csv", "period_start,pool,amount,currency,driver\n2024-01-01,hosting,100.00,USD,units\n"
                    + "2024-01-01,admin,10.00,USD,revenue\n2024-03-01,support,50.00,USD,tickets\n");

    private static final String S = "'hs', false, now()";

    public static Map<String, String> vars(Path dir) {
        return Map.of("reporting_currency", "USD", "reporting_time_zone", "Europe/Berlin",
                "reference_dir", dir.toString(), "as_of_date", "2024-03-15");
    }

    public static void writeReference(Path dir, boolean all) throws IOException {
        for (Map.Entry<String, String> e : CSVS.entrySet()) {
            if (all || e.getKey().equals("fx_rates.csv")) {
                Files.writeString(dir.resolve(e.getKey()), e.getValue());
            }
        }
    }

    public static void seed(Warehouse wh) throws Exception {
        exec(wh,
                "insert into core.account (account_id, name, source_id, source_system, is_deleted, synced_at) values"
                        + " ('a1', 'Acme', 'a1', " + S + "), ('a2', 'Globex', 'a2', " + S + ")",
                "insert into core.pipeline (pipeline_id, object_type, name, source_id, source_system, is_deleted, synced_at)"
                        + " values ('pl', 'deal', 'Sales', 'pl', " + S + ")",
                "insert into core.stage (stage_id, pipeline_id, name, display_order, probability, is_closed, is_won,"
                        + " source_id, source_system, is_deleted, synced_at) values"
                        + " ('s1', 'pl', 'Qualify', 0, 0.2, false, false, 's1', " + S + "),"
                        + " ('s2', 'pl', 'Propose', 1, 0.5, false, false, 's2', " + S + "),"
                        + " ('won', 'pl', 'Won', 2, 1.0, true, true, 'won', " + S + "),"
                        + " ('lost', 'pl', 'Lost', 3, 0.0, true, false, 'lost', " + S + ")",
                "insert into core.deal (deal_id, status, amount, currency_code, close_date, created_at, account_id,"
                        + " primary_contact_id, pipeline_id, stage_id, lead_source_raw, lost_reason_raw, probability,"
                        + " source_id, source_system, is_deleted, synced_at) values"
                        + " ('d1', 'won', 1000.00, 'USD', '2024-01-15', '2024-01-02 10:00:00+00', 'a1', 'c1', 'pl', 'won', 'ORGANIC_SEARCH', null, 1.0, 'd1', " + S + "),"
                        + " ('d2', 'won', 500.00, 'USD', '2024-01-20', '2024-01-03 10:00:00+00', 'a2', 'c2', 'pl', 'won', 'REFERRALS', null, 1.0, 'd2', " + S + "),"
                        + " ('d3', 'won', 200.00, 'USD', '2024-02-05', '2024-01-04 10:00:00+00', 'a1', 'c3', 'pl', 'won', 'WEIRD', null, 1.0, 'd3', " + S + "),"
                        + " ('d4', 'lost', 300.00, 'USD', '2024-01-25', '2024-01-05 10:00:00+00', 'a2', 'c1', 'pl', 'lost', 'ORGANIC_SEARCH', 'Price too high', 0.0, 'd4', " + S + "),"
                        + " ('d5', 'open', 800.00, 'USD', '2024-03-10', '2024-01-06 10:00:00+00', 'a2', 'c3', 'pl', 's2', 'ORGANIC_SEARCH', null, 0.5, 'd5', " + S + ")",
                "insert into core.deal_stage_history (deal_id, source_system, seq, pipeline_id, stage_id, entered_at, origin, synced_at) values"
                        + " ('d1', 'hs', 1, 'pl', 's1', '2024-01-02 10:00:00+00', 'history', now()),"
                        + " ('d1', 'hs', 2, 'pl', 's2', '2024-01-05 10:00:00+00', 'history', now()),"
                        + " ('d1', 'hs', 3, 'pl', 'won', '2024-01-15 10:00:00+00', 'history', now()),"
                        + " ('d2', 'hs', 1, 'pl', 's1', '2024-01-03 10:00:00+00', 'history', now()),"
                        + " ('d2', 'hs', 2, 'pl', 'won', '2024-01-20 10:00:00+00', 'history', now()),"
                        + " ('d3', 'hs', 1, 'pl', 's1', '2024-01-04 10:00:00+00', 'history', now()),"
                        + " ('d3', 'hs', 2, 'pl', 'won', '2024-02-05 10:00:00+00', 'history', now()),"
                        + " ('d4', 'hs', 1, 'pl', 's1', '2024-01-05 10:00:00+00', 'history', now()),"
                        + " ('d4', 'hs', 2, 'pl', 's2', '2024-01-10 10:00:00+00', 'history', now()),"
                        + " ('d4', 'hs', 3, 'pl', 'lost', '2024-01-25 10:00:00+00', 'history', now()),"
                        + " ('d5', 'hs', 1, 'pl', 's1', '2024-01-06 10:00:00+00', 'history', now()),"
                        + " ('d5', 'hs', 2, 'pl', 's2', '2024-01-08 10:00:00+00', 'history', now())",
                "insert into core.product (product_id, name, unit_price, unit_cost, currency_code, source_id, source_system,"
                        + " is_deleted, synced_at) values ('p1', 'Platform', 300.00, 100.00, 'USD', 'p1', " + S + "),"
                        + " ('p2', 'Training', 100.00, null, 'USD', 'p2', " + S + ")",
                "insert into core.line_item (line_item_id, deal_id, product_id, quantity, unit_price, discount_amount,"
                        + " line_amount, is_recurring, billing_period_months, term_months, source_id, source_system,"
                        + " is_deleted, synced_at) values"
                        + " ('l1', 'd1', 'p1', 2, 300.00, 0, 600.00, true, 1, 12, 'l1', " + S + "),"
                        + " ('l2', 'd1', 'p1', 1, 400.00, 0, 400.00, true, 12, 12, 'l2', " + S + "),"
                        + " ('l3', 'd2', 'p2', 5, 100.00, 0, 500.00, true, 1, 1, 'l3', " + S + ")",
                "insert into core.campaign (campaign_id, name, channel, source_id, source_system, is_deleted, synced_at)"
                        + " values ('hs:campaign:g1', 'Spring', 'email', 'g1', " + S + ")",
                "insert into core.touch (touch_id, contact_id, campaign_id, touch_type, source_id, source_system,"
                        + " is_deleted, synced_at) values ('t-c1', 'c1', 'hs:campaign:g1', 'first', 'c1', " + S + "),"
                        + " ('t-c2', 'c2', 'hs:campaign:g1', 'first', 'c2', " + S + ")",
                "insert into core.lead (lead_id, contact_id, created_at, status, lead_source_raw, campaign_id, is_converted,"
                        + " lead_status_raw, lead_status, source_id, source_system, is_deleted, synced_at) values"
                        + " ('lc1', 'c1', '2024-01-02 08:00:00+00', 'customer', 'ORGANIC_SEARCH', 'hs:campaign:g1', true, 'CONNECTED', 'converted', 'c1', " + S + "),"
                        + " ('lc2', 'c2', '2024-01-02 09:00:00+00', 'lead', 'REFERRALS', 'hs:campaign:g1', false, 'ATTEMPTED_TO_CONTACT', 'working', 'c2', " + S + "),"
                        + " ('lc3', 'c3', '2024-01-31 23:30:00+00', 'salesqualifiedlead', null, null, false, null, null, 'c3', " + S + ")",
                "insert into core.email_campaign (email_campaign_id, campaign_id, name, sent_at, sent, delivered, opened,"
                        + " clicked, bounced, unsubscribed, spam_reports, source_id, source_system, is_deleted, synced_at) values"
                        + " ('e1', 'hs:campaign:g1', 'Newsletter', '2024-01-03 10:00:00+00', 100, 90, 40, 10, 10, 1, 0, 'e1', " + S + "),"
                        + " ('e2', null, 'Draft', null, 0, 0, 0, 0, 0, 0, 0, 'e2', " + S + ")",
                "insert into core.ticket (ticket_id, product_id, account_id, reason_raw, channel, is_return_request,"
                        + " created_at, satisfaction_score, source_id, source_system, is_deleted, synced_at) values"
                        + " ('t1', 'p1', 'a1', 'PRODUCT_ISSUE', 'EMAIL', true, '2024-01-10 10:00:00+00', 'bad', 't1', " + S + "),"
                        + " ('t2', 'p1', 'a2', 'BILLING_ISSUE', 'EMAIL', false, '2024-01-12 10:00:00+00', 'good', 't2', " + S + "),"
                        + " ('t3', null, 'a1', 'PRODUCT_ISSUE', 'CHAT', null, '2024-01-14 10:00:00+00', null, 't3', " + S + ")",
                "insert into core.activity (activity_id, type, direction, owner_id, occurred_at, outcome_raw, duration_s,"
                        + " recording_url, source_id, source_system, is_deleted, synced_at) values"
                        + " ('k1', 'call', 'OUTBOUND', null, '2024-01-10 10:00:00+00', 'f240bbac-87c9-4f6e-bf70-924b57d47db7', 120, 'https://r/k1.mp3', 'k1', " + S + "),"
                        + " ('k2', 'call', 'INBOUND', null, '2024-01-11 10:00:00+00', 'xyz', 5, null, 'k2', " + S + ")");
    }

    static void exec(Warehouse wh, String... sqls) throws Exception {
        io.crmw.warehouse.testing.WarehouseSql.exec(wh, sqls);
    }

    static List<String> rows(Warehouse wh, String sql) throws Exception {
        return io.crmw.warehouse.testing.WarehouseSql.rows(wh, sql);
    }

    /** The SQL of a test declared in a model's header ({@code -- test <name>: <sql>}) or of a singular test. */
    static String declaredTest(String model, String name) {
        String text = resource("models/" + model.replace('.', '/') + ".sql");
        Matcher m = Pattern.compile("(?m)^--\\s*test\\s+" + Pattern.quote(name) + "\\s*:\\s*(.+)$").matcher(text);
        if (!m.find()) {
            throw new IllegalArgumentException("model " + model + " declares no test " + name);
        }
        return m.group(1);
    }

    /** The unique key a model declares ({@code -- unique: a, b}), as a duplicate-finding query. */
    static String uniquenessTest(String model) {
        String text = resource("models/" + model.replace('.', '/') + ".sql");
        Matcher m = Pattern.compile("(?m)^--\\s*unique:\\s*(.+)$").matcher(text);
        if (!m.find()) {
            throw new IllegalArgumentException("model " + model + " declares no unique key");
        }
        String cols = m.group(1).trim();
        return "select " + cols + ", count(*) from " + model + " group by all having count(*) > 1";
    }

    private static String resource(String path) {
        try (InputStream in = MarketingCore.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private MarketingCore() {
    }
}
