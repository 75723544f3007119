package io.crmw.warehouse.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmw.warehouse.Warehouse;
import io.crmw.warehouse.testing.WarehouseSql;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code incremental by delta}: after a sync the runner selects the changed deals' rows before and after their inputs
 * changed and adds the difference to the rows of the keys they touch (test model {@code deltamodels/reports/per_owner}).
 */
class DeltaModelTest {

    static final String TABLE = "select owner_id, pipeline_id, owner_label, deals, amount from reports.per_owner order by all";

    @TempDir
    Path dir;
    Warehouse wh;

    @BeforeEach
    void open() throws Exception {
        wh = Warehouse.open(dir.resolve("w.duckdb"));
        WarehouseSql.exec(wh, "insert into core.deal (deal_id, source_system, source_id, owner_id, pipeline_id, amount,"
                + " is_deleted, synced_at) values"
                + " ('d1', 'hubspot', '1', 'o1', 'p1', 10, false, '2026-12-01 00:00:00+00'),"
                + " ('d2', 'hubspot', '2', 'o1', 'p1', 5, false, '2026-12-01 00:00:00+00'),"
                + " ('d3', 'hubspot', '3', 'o2', null, 7, false, '2026-12-01 00:00:00+00'),"
                + " ('d4', 'hubspot', '4', 'o2', 'p2', 1, false, '2026-12-01 00:00:00+00'),"
                + " ('d6', 'hubspot', '6', 'o4', 'p1', null, false, '2026-12-01 00:00:00+00')");
    }

    @AfterEach
    void close() {
        wh.close();
    }

    /** The second sync: a new amount, a deal that moves to another owner, a deletion, a new deal in a null key. */
    void secondSync() throws Exception {
        WarehouseSql.exec(wh,
                "update core.deal set amount = 12, synced_at = '2026-12-02 00:00:00+00' where deal_id = 'd1'",
                "update core.deal set owner_id = 'o3', synced_at = '2026-12-02 00:00:00+00' where deal_id = 'd2'",
                "update core.deal set is_deleted = true, synced_at = '2026-12-02 00:00:00+00' where deal_id = 'd4'",
                "insert into core.deal (deal_id, source_system, source_id, owner_id, pipeline_id, amount, is_deleted,"
                        + " synced_at) values ('d5', 'hubspot', '5', 'o2', null, 3, false, '2026-12-02 00:00:00+00')");
    }

    @Test
    void addsTheChangedDealsDifferenceToTheKeysTheyTouchAndEqualsAFullBuild() throws Exception {
        new ModelRunner(wh, Map.of(), "deltamodels").run("first");
        assertThat(rows(TABLE)).containsExactly(
                "o1|p1|owner o1|2|15.00",
                "o2|p2|owner o2|1|1.00",
                "o2|null|owner o2|1|7.00",
                "o4|p1|owner o4|1|0.00");

        secondSync();
        ModelRunner second = new ModelRunner(wh, Map.of(), "deltamodels");
        TransformResult result = second.run("second");

        assertThat(second.lastBuild()).containsEntry("reports.per_owner", "incremental");
        assertThat(result.failures()).isEmpty();
        // o1/p1 lost d2 and d1 grew; o2/p2 is gone with its only deal; the null pipeline added d5; o3 is new with its
        // label; o4 (no amount, untouched) kept
        List<String> expected = List.of(
                "o1|p1|owner o1|1|12.00",
                "o2|null|owner o2|2|10.00",
                "o3|p1|owner o3|1|5.00",
                "o4|p1|owner o4|1|0.00");
        assertThat(rows(TABLE)).containsExactlyElementsOf(expected);

        // a delta model that reads the synced table itself cannot see the deals as they were: rebuilt in full
        assertThat(second.lastBuild()).containsEntry("reports.per_owner_direct", "full");
        assertThat(rows(TABLE.replace("per_owner", "per_owner_direct"))).containsExactlyElementsOf(expected);

        new ModelRunner(wh, Map.of(), "deltamodels").full(true).run("full");
        assertThat(rows(TABLE)).containsExactlyElementsOf(expected);
    }

    @Test
    void aSyncWithNothingNewKeepsTheTable() throws Exception {
        new ModelRunner(wh, Map.of(), "deltamodels").run("first");
        ModelRunner again = new ModelRunner(wh, Map.of(), "deltamodels");
        again.run("again");
        assertThat(again.lastBuild()).containsEntry("reports.per_owner", "unchanged")
                .containsEntry("reports.per_owner_direct", "unchanged");
        assertThat(rows(TABLE)).hasSize(4);
    }

    @Test
    void aMeasureThatIsNotAColumnNamesTheModelAndTheColumnsAndKeepsTheTables() throws Exception {
        new ModelRunner(wh, Map.of(), "baddeltamodels").run("first");
        secondSync();

        assertThatThrownBy(() -> new ModelRunner(wh, Map.of(), "baddeltamodels").run("second"))
                .isInstanceOf(ModelBuildException.class)
                .hasMessageContaining("reports.per_owner")
                .hasMessageContaining("'incremental by delta' names deal_count, which is not one of its columns")
                .hasMessageContaining("deals");
        assertThat(rows(TABLE)).contains("o2|p2|owner o2|1|1.00");
    }

    @Test
    void aDeltaModelNeedsItsUniqueKey() {
        assertThatThrownBy(() -> Model.parse("models/reports/t.sql", "reports", "t",
                "-- incremental by delta: deals\nselect 1 as deals"))
                .hasMessageContaining("models/reports/t.sql: 'incremental by delta' adds rows up by their key")
                .hasMessageContaining("-- unique: <columns>");
        Model m = Model.parse("r", "reports", "t", "-- unique: a, b\n-- incremental by delta: n, amount\nselect 1");
        assertThat(m.incremental().byDelta()).isTrue();
        assertThat(m.incremental().column()).isEqualTo("a, b");
        assertThat(m.incremental().measures()).containsExactly("n", "amount");
    }

    List<String> rows(String sql) throws Exception {
        return WarehouseSql.rows(wh, sql);
    }
}
