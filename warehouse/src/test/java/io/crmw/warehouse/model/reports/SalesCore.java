package io.crmw.warehouse.model.reports;

import io.crmw.warehouse.Warehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;

/**
 * The small hand-made core dataset of the part-A sales models (source 'hubspot', reporting currency USD, zone
 * New York, as of 2024-03-15) and its reference CSVs: two owners of one team, three accounts (a1 and a2 one
 * customer), three leads (two converted, one new), one pipeline of five stages, two products, deals d1 to d7 (won, lost, open, past due,
 * unscheduled, without amount; d1 and d2 make customer Acme a repeat buyer 21 days apart) with stage history, three CRM goals plus one from goals.csv, three activities.
 */
final class SalesCore {

    static Map<String, String> vars(Path dir) {
        return Map.of("reporting_currency", "USD", "reporting_time_zone", "America/New_York",
                "reference_dir", dir.toString(), "as_of_date", "2024-03-15");
    }

    static void writeReference(Path dir) throws IOException {
        Files.writeString(dir.resolve("fx_rates.csv"), """
                rate_date,from_currency,to_currency,rate
                2024-01-01,EUR,USD,1.100000
                2024-02-01,EUR,USD,1.200000
                2024-03-01,EUR,USD,1.300000
                """);
        // the sales fixture's only lead source, 'Web', normalizes to another name: a report passing raw values shows
        Files.writeString(dir.resolve("source_map.csv"), """
                source_system,raw_value,source_normalized,channel,sales_channel
                *,WEB,website,organic,direct
                """);
        Files.writeString(dir.resolve("goals.csv"), """
                goal_id,source_system,metric,assignee_type,assignee_id,period_start,period_end,target_value,currency_code
                # Bob should win two deals in March
                csv-1,hubspot,deals_won,owner,o2,2024-03-01,2024-03-31,2,
                """);
    }

    static void seed(Warehouse wh) throws Exception {
        String s = "'hubspot', 'x', false, now()";
        exec(wh, "insert into core.team (team_id, name, source_system, source_id, is_deleted, synced_at) values ('t1', 'Team One', " + s + ")",
                "insert into core.owner (owner_id, name, team_id, source_system, source_id, is_deleted, synced_at) values"
                        + " ('o1', 'Ann', 't1', " + s + "), ('o2', 'Bob', 't1', " + s + ")",
                // a1 and a2 are one customer (same domain); a3 another
                "insert into core.account (account_id, name, domain, created_at, source_system, source_id, is_deleted, synced_at) values"
                        + " ('a1', 'Acme', 'acme.com', '2023-01-01 12:00:00+00', " + s + "),"
                        + " ('a2', 'Acme EU', 'https://www.ACME.com/', '2023-06-01 12:00:00+00', " + s + "),"
                        + " ('a3', 'Globex', 'globex.com', '2023-02-01 12:00:00+00', " + s + ")",
                "insert into core.contact (contact_id, email, lifecycle_stage, created_at, source_system, source_id, is_deleted, synced_at) values"
                        + " ('c1', 'Ann@x.com', 'opportunity', '2024-01-10 15:00:00+00', " + s + "),"
                        + " ('c2', ' ann@x.com', 'lead', '2024-01-12 15:00:00+00', " + s + "),"
                        + " ('c3', 'bob@y.com', 'customer', '2024-01-20 15:00:00+00', " + s + ")",
                // lead statuses: l1 and l2 converted (whatever hs_lead_status says), l3 new
                "insert into core.lead (lead_id, contact_id, created_at, owner_id, status, lead_source_raw, is_converted, converted_at,"
                        + " lead_status_raw, lead_status, source_system, source_id, is_deleted, synced_at) values"
                        + " ('l1', 'c1', '2024-01-10 15:00:00+00', 'o1', 'opportunity', 'Web', true, '2024-02-02 15:00:00+00', 'OPEN_DEAL', 'converted', " + s + "),"
                        + " ('l2', 'c3', '2024-01-20 15:00:00+00', 'o1', 'customer', 'Web', true, '2024-01-25 15:00:00+00', 'CONNECTED', 'converted', " + s + "),"
                        + " ('l3', 'c2', '2024-02-05 15:00:00+00', 'o2', 'lead', null, false, null, 'NEW', 'new', " + s + ")",
                "insert into core.pipeline (pipeline_id, object_type, name, source_system, source_id, is_deleted, synced_at) values"
                        + " ('pl1', 'deal', 'Sales', " + s + ")",
                "insert into core.stage (stage_id, pipeline_id, name, display_order, probability, is_closed, is_won,"
                        + " source_system, source_id, is_deleted, synced_at) values"
                        + " ('s1', 'pl1', 'Qualify', 0, 0.2, false, false, " + s + "),"
                        + " ('s2', 'pl1', 'Demo', 1, 0.6, false, false, " + s + "),"
                        + " ('s3', 'pl1', 'Contract', 2, 0.9, false, false, " + s + "),"
                        + " ('won', 'pl1', 'Won', 3, 1.0, true, true, " + s + "),"
                        + " ('lost', 'pl1', 'Lost', 4, 0.0, true, false, " + s + ")",
                "insert into core.product (product_id, name, unit_cost, currency_code, source_system, source_id, is_deleted, synced_at) values"
                        + " ('p1', 'Widget', 100.00, 'USD', " + s + "), ('p2', 'Gadget', 150.00, 'USD', " + s + ")",
                "insert into core.line_item (line_item_id, deal_id, product_id, quantity, unit_price, discount_amount, line_amount,"
                        + " currency_code, source_system, source_id, is_deleted, synced_at) values"
                        + " ('li1', 'd1', 'p1', 2, 300.00, 0, 600.00, 'USD', " + s + "),"
                        + " ('li2', 'd1', 'p2', 1, 400.00, 0, 400.00, 'USD', " + s + ")",
                // d1 won Jan (Ann, a1, all stages); d2 won Feb (Ann, a2 = same customer, skipped s2, EUR 100 at 1.2);
                // d3 lost Feb from s2 (Bob); d4 open commit (Bob, moved back and forth); d5 past due; d6 unscheduled;
                // d7 open without amount
                "insert into core.deal (deal_id, status, amount, currency_code, probability, close_date, created_at, owner_id,"
                        + " account_id, pipeline_id, stage_id, lead_source_raw, source_system, source_id, is_deleted, synced_at) values"
                        + " ('d1', 'won', 1000.00, 'USD', 1.0, '2024-01-20', '2024-01-05 15:00:00+00', 'o1', 'a1', 'pl1', 'won', 'Web', " + s + "),"
                        + " ('d2', 'won', 100.00, 'EUR', 1.0, '2024-02-10', '2024-01-08 15:00:00+00', 'o1', 'a2', 'pl1', 'won', 'Web', " + s + "),"
                        + " ('d3', 'lost', 500.00, 'USD', 0.0, '2024-02-20', '2024-01-15 15:00:00+00', 'o2', 'a3', 'pl1', 'lost', null, " + s + "),"
                        + " ('d4', 'open', 2000.00, 'USD', 0.9, '2024-03-30', '2024-02-01 15:00:00+00', 'o2', 'a3', 'pl1', 's3', null, " + s + "),"
                        + " ('d5', 'open', 300.00, 'USD', 0.2, '2024-03-01', '2024-02-10 15:00:00+00', 'o1', 'a3', 'pl1', 's1', null, " + s + "),"
                        + " ('d6', 'open', 400.00, 'USD', 0.6, null, '2024-03-01 15:00:00+00', 'o1', 'a3', 'pl1', 's2', null, " + s + "),"
                        + " ('d7', 'open', null, 'USD', 0.2, '2024-04-15', '2024-03-05 15:00:00+00', 'o2', null, 'pl1', 's1', null, " + s + ")",
                "insert into core.deal_stage_history (deal_id, source_system, seq, pipeline_id, stage_id, entered_at, exited_at, origin, synced_at) values"
                        + " ('d1', 'hubspot', 1, 'pl1', 's1', '2024-01-05 15:00:00+00', null, 'history', now()),"
                        + " ('d1', 'hubspot', 2, 'pl1', 's2', '2024-01-10 15:00:00+00', null, 'history', now()),"
                        + " ('d1', 'hubspot', 3, 'pl1', 's3', '2024-01-15 15:00:00+00', null, 'history', now()),"
                        + " ('d1', 'hubspot', 4, 'pl1', 'won', '2024-01-20 15:00:00+00', null, 'history', now()),"
                        + " ('d2', 'hubspot', 1, 'pl1', 's1', '2024-01-08 15:00:00+00', null, 'history', now()),"
                        + " ('d2', 'hubspot', 2, 'pl1', 's3', '2024-01-30 15:00:00+00', null, 'history', now()),"
                        + " ('d2', 'hubspot', 3, 'pl1', 'won', '2024-02-10 15:00:00+00', null, 'history', now()),"
                        + " ('d3', 'hubspot', 1, 'pl1', 's1', '2024-01-15 15:00:00+00', null, 'history', now()),"
                        + " ('d3', 'hubspot', 2, 'pl1', 's2', '2024-01-25 15:00:00+00', null, 'history', now()),"
                        + " ('d3', 'hubspot', 3, 'pl1', 'lost', '2024-02-20 15:00:00+00', null, 'history', now()),"
                        + " ('d4', 'hubspot', 1, 'pl1', 's1', '2024-02-01 15:00:00+00', null, 'history', now()),"
                        + " ('d4', 'hubspot', 2, 'pl1', 's3', '2024-02-05 15:00:00+00', null, 'history', now()),"
                        + " ('d4', 'hubspot', 3, 'pl1', 's2', '2024-02-10 15:00:00+00', null, 'history', now()),"
                        + " ('d4', 'hubspot', 4, 'pl1', 's3', '2024-02-12 15:00:00+00', null, 'history', now()),"
                        + " ('d5', 'hubspot', 1, 'pl1', 's1', '2024-02-10 15:00:00+00', null, 'history', now()),"
                        + " ('d6', 'hubspot', 1, 'pl1', 's2', '2024-03-01 15:00:00+00', null, 'history', now()),"
                        + " ('d7', 'hubspot', 1, 'pl1', 's1', '2024-03-05 15:00:00+00', null, 'history', now())",
                "insert into core.goal (goal_id, metric, assignee_type, assignee_id, period_start, period_end, target_value, currency_code,"
                        + " source_system, source_id, is_deleted, synced_at) values"
                        + " ('g1', 'revenue', 'owner', 'o1', '2024-01-01', '2024-01-31', 2000.00, 'USD', " + s + "),"
                        + " ('g2', 'revenue', 'owner', 'o2', '2024-02-01', '2024-02-29', 0.00, 'USD', " + s + "),"
                        + " ('g3', 'revenue', 'team', 't1', '2024-03-01', '2024-03-31', 5000.00, 'EUR', " + s + ")",
                "insert into core.activity (activity_id, type, owner_id, contact_id, occurred_at, is_done, source_system, source_id, is_deleted, synced_at) values"
                        + " ('act1', 'call', 'o1', 'c1', '2024-01-10 15:00:00+00', true, " + s + "),"
                        + " ('act2', 'email', 'o1', 'c1', '2024-01-10 16:00:00+00', true, " + s + "),"
                        // 02:00 UTC on Feb 2 is still Feb 1 in New York
                        + " ('act3', 'meeting', 'o2', 'c3', '2024-02-02 02:00:00+00', false, " + s + ")");
    }

    private static void exec(Warehouse wh, String... sqls) throws Exception {
        try (Connection c = wh.connect(); Statement st = c.createStatement()) {
            for (String sql : sqls) {
                st.execute(sql);
            }
        }
    }

    private SalesCore() {
    }
}
