package io.crmw.etl.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Derivations#live}: each id's latest version, and nothing for an id whose latest version is its delete. */
class DerivationsTest {

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
