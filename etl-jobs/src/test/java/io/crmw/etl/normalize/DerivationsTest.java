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
