package io.crmw.warehouse.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmw.warehouse.testing.TempWarehouseTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code incremental by delta}: after a sync the runner selects the changed deals' rows before and after their inputs
 * changed and adds the difference to the rows of the keys they touch (test model {@code deltamodels/reports/per_owner}).
 */
class DeltaModelTest extends TempWarehouseTest {

    static final String TABLE = "select owner_id, pipeline_id, owner_label, deals, amount from reports.per_owner order by all";

    @BeforeEach
    void deals() throws Exception {
        exec("insert into core.deal (deal_id, source_system, source_id, owner_id, pipeline_id, amount,"
                + " is_deleted, synced_at) values"
                + " ('d1', 'hubspot', '1', 'o1', 'p1', 10, false, '2026-12-01 00:00:00+00'),"
                + " ('d2', 'hubspot', '2', 'o1', 'p1', 5, false, '2026-12-01 00:00:00+00'),"
                + " ('d3', 'hubspot', '3', 'o2', null, 7, false, '2026-12-01 00:00:00+00'),"
                + " ('d4', 'hubspot', '4', 'o2', 'p2', 1, false, '2026-12-01 00:00:00+00'),"
                + " ('d6', 'hubspot', '6', 'o4', 'p1', null, false, '2026-12-01 00:00:00+00')");
    }

    /** The second sync: a new amount, a deal that moves to another owner, a deletion, a new deal in a null key. */
    void secondSync() throws Exception {
        exec("update core.deal set amount = 12, synced_at = '2026-12-02 00:00:00+00' where deal_id = 'd1'",
                "update core.deal set owner_id = 'o3', synced_at = '2026-12-02 00:00:00+00' where deal_id = 'd2'",
                "update core.deal set is_deleted = true, synced_at = '2026-12-02 00:00:00+00' where deal_id = 'd4'",
                "insert into core.deal (deal_id, source_system, source_id, owner_id, pipeline_id, amount, is_deleted,"
                        + " synced_at) values ('d5', 'hubspot', '5', 'o2', null, 3, false, '2026-12-02 00:00:00+00'),"
                        + " ('d7', 'hubspot', '7', 'o4', 'p1', null, false, '2026-12-02 00:00:00+00')");
    }

    /** A runner that takes the difference however many deals changed (by default most deals changed rebuild in full). */
    static ModelRunner slicing(ModelRunner runner) {
        runner.mostPeriods = Double.MAX_VALUE;
        return runner;
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
        ModelRunner second = slicing(new ModelRunner(wh, Map.of(), "deltamodels"));
        TransformResult result = second.run("second");

        assertThat(second.lastBuild()).containsEntry("reports.per_owner", "incremental");
        assertThat(result.failures()).isEmpty();
        // o1/p1 lost d2 and d1 grew; o2/p2 is gone with its only deal; the null pipeline added d5; o3 is new with its
        // label; o4 gained d7, which has no amount
        List<String> expected = List.of(
                "o1|p1|owner o1|1|12.00",
                "o2|null|owner o2|2|10.00",
                "o3|p1|owner o3|1|5.00",
                "o4|p1|owner o4|2|0.00");
        assertThat(rows(TABLE)).containsExactlyElementsOf(expected);
        // d7 brings a null amount: no difference to add, so that model was rebuilt in full, and is right
        assertThat(second.lastBuild()).containsEntry("reports.amount_per_owner", "full");
        assertThat(rows("select * from reports.amount_per_owner order by all"))
                .containsExactly("o1|1|12.00", "o2|2|10.00", "o3|1|5.00", "o4|2|null");

        // a delta model that reads the synced table itself cannot see the deals as they were: rebuilt in full
        assertThat(second.lastBuild()).containsEntry("reports.per_owner_direct", "full");
        assertThat(rows("select owner_id || '=' || deals from reports.per_owner_direct order by 1"))
                .containsExactly("o1=1", "o2=2", "o3=1", "o4=2");

        new ModelRunner(wh, Map.of(), "deltamodels").full(true).run("full");
        assertThat(rows(TABLE)).containsExactlyElementsOf(expected);
    }

    @Test
    void changedDealsThatAreMostOfTheDealsRebuildInFullWithTheSameRows() throws Exception {
        new ModelRunner(wh, Map.of(), "deltamodels").run("first");
        secondSync();
        ModelRunner second = new ModelRunner(wh, Map.of(), "deltamodels");
        second.run("second");

        assertThat(second.lastBuild()).containsEntry("reports.per_owner", "full");
        assertThat(rows(TABLE)).containsExactly("o1|p1|owner o1|1|12.00", "o2|null|owner o2|2|10.00",
                "o3|p1|owner o3|1|5.00", "o4|p1|owner o4|2|0.00");
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
    void aMeasureThatIsNotAColumnFailsTheFirstBuildNamingTheModelAndTheColumns() throws Exception {

        assertThatThrownBy(() -> new ModelRunner(wh, Map.of(), "baddeltamodels").run("first"))
                .isInstanceOf(ModelBuildException.class)
                .hasMessageContaining("reports.per_owner")
                .hasMessageContaining("'incremental by delta' names deal_count, which is not one of its columns;"
                        + " name the columns that add up, of [owner_id, deals]");
        assertThat(rows("select count(*) from information_schema.tables where table_name = 'per_owner'"))
                .containsExactly("0");
    }

    @Test
    void aDeltaModelNeedsItsUniqueKey() {
        assertThatThrownBy(() -> Model.parse("models/reports/t.sql", "reports", "t",
                "-- incremental by delta: deals\nselect 1 as deals"))
                .hasMessageContaining("models/reports/t.sql: 'incremental by delta' adds rows up by their key")
                .hasMessageContaining("-- unique: <columns>");
        assertThatThrownBy(() -> Model.parse("r", "reports", "t",
                "-- unique: a\n-- incremental by delta: a, n\nselect 1 from core.x where ${in_slice(deal_id)}"))
                .hasMessageContaining("r: 'incremental by delta' names a, a column of the unique key");
        assertThatThrownBy(() -> Model.parse("r", "reports", "t",
                "-- unique: a\n-- incremental by delta: n\nselect 1 from core.x where ${in_slice(close_month)}"))
                .hasMessageContaining("narrow the deals with ${in_slice(<table>.deal_id)}");
        assertThatThrownBy(() -> Model.parse("r", "reports", "t", "-- incremental by deltas: n\nselect 1"))
                .hasMessageContaining("or 'incremental by delta: <measure>, ...', not: incremental by deltas: n");
        Model m = Model.parse("r", "reports", "t", "-- unique: a, b\n-- incremental by delta: n, amount\n"
                + "select 1 from core.x as d where ${in_slice(d.deal_id)}");
        assertThat(m.incremental().byDelta()).isTrue();
        assertThat(m.incremental().column()).isEqualTo("a, b");
        assertThat(m.incremental().measures()).containsExactly("n", "amount");
    }

}
