package io.crmw.etl.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.warehouse.Warehouse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Derivations#live}: each id's latest version, and nothing for an id whose latest version is its delete; a
 * derivation that changes a row in place moves its synced_at (the report build finds changes by it), and leaves the
 * rows it does not change as they were.
 */
class DerivationsTest {

    @TempDir
    Path dir;

    @Test
    void aRowChangedInPlaceIsSyncedWhenWhatItCameFromWasAndOtherRowsKeepTheirs() throws Exception {
        try (Warehouse wh = Warehouse.open(dir.resolve("w.duckdb")); Connection c = wh.connect();
             Statement st = c.createStatement()) {
            String old = "'2026-12-01 00:00:00+00'";
            String later = "'2026-12-02 00:00:00+00'";
            st.execute("insert into core.stage (stage_id, source_system, source_id, pipeline_id, is_closed, is_won,"
                    + " is_deleted, synced_at) values ('s-won', 'crm', 'w', 'p', true, true, false, " + later + ")");
            st.execute("insert into core.deal (deal_id, source_system, source_id, stage_id, status, is_deleted, synced_at)"
                    + " values ('d-derived', 'crm', '1', 's-won', null, false, " + old + "),"
                    + " ('d-own', 'crm', '2', 's-won', 'open', false, " + old + ")");
            st.execute("insert into core.product (product_id, source_system, source_id, name, is_deleted, synced_at)"
                    + " values ('p1', 'crm', 'p1', 'Widget', false, " + later + ")");
            st.execute("insert into core.line_item (line_item_id, source_system, source_id, deal_id, product_id, name,"
                    + " is_deleted, synced_at) values ('l-derived', 'crm', 'l1', 'd-own', 'p1', null, false, " + old + "),"
                    + " ('l-own', 'crm', 'l2', 'd-own', 'p1', 'Own name', false, " + old + ")");
            for (String sql : List.of(Derivations.DEAL_STATUS_FROM_STAGE, Derivations.LINE_ITEM_FROM_PRODUCT)) {
                st.execute(sql.replace("{source}", "'crm'"));
                st.execute(sql.replace("{source}", "'crm'")); // again: nothing left to change
            }
            assertThat(rows(st, "select deal_id || '=' || status || ' ' || (synced_at = " + later + ") from core.deal"
                    + " order by 1")).containsExactly("d-derived=won true", "d-own=open false");
            assertThat(rows(st, "select line_item_id || '=' || name || ' ' || (synced_at = " + later + ")"
                    + " from core.line_item order by 1")).containsExactly("l-derived=Widget true", "l-own=Own name false");
        }
    }

    /** Every derivation of this class, in the order the normalizers run them. */
    private static final List<String> ALL = List.of(Derivations.DEAL_PIPELINE_FROM_STAGE,
            Derivations.DEAL_STATUS_FROM_STAGE, Derivations.DEAL_PROBABILITY_FROM_STAGE,
            Derivations.DEAL_FORECAST_FROM_STAGE, Derivations.LINE_ITEM_DELETED_WITH_DEAL,
            Derivations.HISTORY_INFERRED_DELETE, Derivations.HISTORY_INFERRED_INSERT,
            Derivations.HISTORY_PIPELINE_FROM_STAGE, Derivations.DEAL_CLOSED_AT_FROM_HISTORY,
            Derivations.DEAL_OPEN_NOT_CLOSED, Derivations.DEAL_CONTACT_ROWS, Derivations.LINE_ITEM_FROM_PRODUCT,
            Derivations.LINE_ITEM_CURRENCY_FROM_DEAL, Derivations.LEAD_EMAIL_FROM_CONTACT,
            Derivations.TICKET_STATUS_FROM_STAGE, Derivations.TICKET_PRODUCT_BY_SKU);

    /** The rows the derivations write, each with its synced_at. */
    private static final String DERIVED_ROWS = """
            select 'deal ' || deal_id || ' ' || coalesce(pipeline_id, '-') || ' ' || coalesce(status, '-') || ' '
                   || coalesce(probability::varchar, '-') || ' ' || coalesce(forecast_category, '-') || ' '
                   || coalesce(closed_at::varchar, '-') || ' ' || synced_at from core.deal
            union all select 'history ' || deal_id || ' ' || origin || ' ' || coalesce(pipeline_id, '-') || ' ' || stage_id
                   || ' ' || synced_at from core.deal_stage_history
            union all select 'line ' || line_item_id || ' ' || coalesce(name, '-') || ' ' || coalesce(currency_code, '-')
                   || ' ' || is_deleted || ' ' || synced_at from core.line_item
            union all select 'lead ' || lead_id || ' ' || coalesce(email, '-') || ' ' || synced_at from core.lead
            union all select 'ticket ' || ticket_id || ' ' || coalesce(status, '-') || ' ' || coalesce(product_id, '-')
                   || ' ' || synced_at from core.ticket
            union all select 'deal_contact ' || deal_id || ' ' || contact_id || ' ' || synced_at from core.deal_contact
            order by 1""";

    /**
     * Stages, products and contacts land again every run with a new synced_at (full-refresh streams, lookback
     * overlaps) and the same values: the derivations run after them must then change no row, or every nightly build
     * would find those rows changed and rebuild the reports over them. Deals whose pipeline differs from their
     * stage's, deals without history, and every kind of missing value are in the fixture.
     */
    @Test
    void theSameSourcesLandedAgainChangeNoDerivedRow() throws Exception {
        try (Warehouse wh = Warehouse.open(dir.resolve("churn.duckdb")); Connection c = wh.connect();
             Statement st = c.createStatement()) {
            String t1 = "'2026-12-01 00:00:00+00'";
            st.execute("insert into core.stage (stage_id, source_system, source_id, pipeline_id, is_closed, is_won,"
                    + " probability, probability_raw, forecast_category_default, is_deleted, synced_at) values"
                    + " ('s-open', 'crm', 'o', 'p-stage', false, false, 0.2, '20', 'pipeline', false, " + t1 + "),"
                    + " ('s-won', 'crm', 'w', 'p-stage', true, true, 1.0, '100', 'closed', false, " + t1 + ")");
            st.execute("insert into core.deal (deal_id, source_system, source_id, pipeline_id, stage_id, status,"
                    + " currency_code, primary_contact_id, created_at, close_date, is_deleted, synced_at) values"
                    + " ('d-bare', 'crm', '1', null, 's-open', null, 'EUR', 'c1', '2026-01-01 00:00:00+00', null, false, "
                    + t1 + "),"
                    + " ('d-other-pipeline', 'crm', '2', 'p-deal', 's-won', null, 'USD', null, '2026-02-01 00:00:00+00',"
                    + " '2026-03-01', false, " + t1 + "),"
                    + " ('d-history', 'crm', '3', 'p-stage', 's-won', 'won', 'USD', 'c1', '2026-01-01 00:00:00+00',"
                    + " '2026-04-01', false, " + t1 + "),"
                    + " ('d-gone', 'crm', '4', 'p-stage', 's-open', 'open', 'USD', null, '2026-01-01 00:00:00+00', null,"
                    + " true, " + t1 + ")");
            st.execute("insert into core.deal_stage_history (deal_id, source_system, seq, pipeline_id, stage_id,"
                    + " entered_at, origin, synced_at) values ('d-history', 'crm', 1, null, 's-won',"
                    + " '2026-03-15 10:00:00+00', 'history', " + t1 + ")");
            st.execute("insert into core.product (product_id, source_system, source_id, name, sku, is_recurring,"
                    + " billing_period_months, is_deleted, synced_at) values ('p1', 'crm', 'p1', 'Widget', 'W-1', true, 12,"
                    + " false, " + t1 + ")");
            st.execute("insert into core.line_item (line_item_id, source_system, source_id, deal_id, product_id, name,"
                    + " currency_code, is_deleted, synced_at) values"
                    + " ('l-bare', 'crm', 'l1', 'd-bare', 'p1', null, null, false, " + t1 + "),"
                    + " ('l-of-gone', 'crm', 'l2', 'd-gone', 'p1', 'Own', 'USD', false, " + t1 + ")");
            st.execute("insert into core.contact (contact_id, source_system, source_id, email, is_deleted, synced_at)"
                    + " values ('c1', 'crm', 'c1', 'ada@example.com', false, " + t1 + ")");
            st.execute("insert into core.lead (lead_id, source_system, source_id, contact_id, email, is_deleted, synced_at)"
                    + " values ('lead-bare', 'crm', 'x', 'c1', null, false, " + t1 + ")");
            st.execute("insert into core.ticket (ticket_id, source_system, source_id, stage_id, status, product_sku,"
                    + " is_deleted, synced_at) values ('t-bare', 'crm', 't', 's-won', null, 'W-1', false, " + t1 + ")");

            runAll(st);
            List<String> first = rows(st, DERIVED_ROWS);
            assertThat(first).contains(
                    "deal d-bare p-stage open 0.2 pipeline - 2026-12-01 00:00:00+00",
                    "history d-other-pipeline inferred p-stage s-won 2026-12-01 00:00:00+00",
                    "history d-history history p-stage s-won 2026-12-01 00:00:00+00",
                    "line l-bare Widget EUR false 2026-12-01 00:00:00+00",
                    "line l-of-gone Own USD true 2026-12-01 00:00:00+00",
                    "lead lead-bare ada@example.com 2026-12-01 00:00:00+00",
                    "ticket t-bare closed p1 2026-12-01 00:00:00+00",
                    "deal_contact d-bare c1 2026-12-01 00:00:00+00");

            for (String table : List.of("stage", "product", "contact")) {
                st.execute("update core." + table + " set synced_at = '2026-12-02 00:00:00+00'");
            }
            runAll(st);
            assertThat(rows(st, DERIVED_ROWS)).as("derived rows after the same sources landed again")
                    .containsExactlyElementsOf(first);
        }
    }

    private static void runAll(Statement st) throws Exception {
        for (String sql : ALL) {
            st.execute(sql.replace("{source}", "'crm'"));
        }
    }

    private static List<String> rows(Statement st, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void aDeletedRecordDoesNotComeBackAsItsVersionBeforeTheDelete() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("create table raw_t (_id varchar, _seq bigint, _deleted boolean, v varchar)");
            st.execute("""
                    insert into raw_t values
                      ('deleted', 1, false, 'before the delete'), ('deleted', 2, true, null),
                      ('live', 1, false, 'only version'),
                      ('restored', 1, true, null), ('restored', 2, false, 'after the delete'),
                      ('changed', 1, false, 'old'), ('changed', 2, false, 'new')""");
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("select _id, v from " + Derivations.live("raw_t") + " order by _id")) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + "=" + rs.getString(2));
                }
            }
            assertThat(rows).containsExactly("changed=new", "live=only version", "restored=after the delete");
        }
    }
}
