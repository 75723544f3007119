package io.crmw.warehouse.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.warehouse.testing.TempWarehouseTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A table that is not tracked per deal and that a sync lands again with the same values (owners, stages, pipelines:
 * full-refresh streams, lookback overlaps) changes nothing for the models reading it; a changed value does.
 */
class ResyncedSourceTest extends TempWarehouseTest {

    @BeforeEach
    void owners() throws Exception {
        exec("insert into core.owner (owner_id, source_system, source_id, name, is_deleted, synced_at)"
                + " values ('o1', 'hubspot', '1', 'Ada', false, '2026-12-01 00:00:00+00'),"
                + " ('o2', 'hubspot', '2', 'Ben', false, '2026-12-01 00:00:00+00'),"
                + " ('o9', 'pipedrive', '9', 'Cy', false, '2026-12-01 00:00:00+00')");
    }

    String build(String runId) {
        ModelRunner runner = new ModelRunner(wh, Map.of(), "ownermodels");
        runner.run(runId);
        return runner.lastBuild().get("reports.owner_names");
    }

    @Test
    void sameValuesSyncedAgainKeepTheModelAChangedValueRebuildsIt() throws Exception {
        assertThat(build("first")).isEqualTo("full");

        exec("update core.owner set synced_at = '2026-12-02 00:00:00+00' where source_system = 'hubspot'");
        assertThat(build("same values")).isEqualTo("unchanged");

        exec("update core.owner set name = 'Ada L.', synced_at = '2026-12-03 00:00:00+00' where owner_id = 'o1'");
        assertThat(build("a new name")).isEqualTo("full");
        assertThat(rows("select name from reports.owner_names where owner_id = 'o1'"))
                .containsExactly("Ada L.");

        // two values that trade places keep the count and change the rows
        exec("update core.owner set name = case owner_id when 'o1' then 'Ben' else 'Ada L.' end,"
                + " synced_at = '2026-12-04 00:00:00+00' where owner_id in ('o1', 'o2')");
        assertThat(build("names swapped")).isEqualTo("full");
        assertThat(rows("select owner_id || '=' || name from reports.owner_names order by 1"))
                .containsExactly("o1=Ben", "o2=Ada L.", "o9=Cy");
    }

    @Test
    void aTableThatGrewRebuildsOnceAndItsNextSameValuesResyncKeepsTheModel() throws Exception {
        assertThat(build("first")).isEqualTo("full");

        exec("insert into core.owner (owner_id, source_system, source_id, name, is_deleted, synced_at)"
                + " values ('o3', 'hubspot', '3', 'Dee', false, '2026-12-02 00:00:00+00')");
        exec("update core.owner set synced_at = '2026-12-02 00:00:00+00' where source_system = 'hubspot'");
        assertThat(build("a new owner")).isEqualTo("full");
        assertThat(rows("select name from reports.owner_names order by 1")).containsExactly("Ada", "Ben", "Cy", "Dee");

        exec("update core.owner set synced_at = '2026-12-03 00:00:00+00' where source_system = 'hubspot'");
        assertThat(build("the same four again")).isEqualTo("unchanged");

        // one gone and one renamed: fewer rows, then the same three again
        exec("delete from core.owner where owner_id = 'o3'");
        exec("update core.owner set name = 'Bo', synced_at = '2026-12-04 00:00:00+00' where owner_id = 'o2'");
        assertThat(build("one fewer")).isEqualTo("full");
        exec("update core.owner set synced_at = '2026-12-05 00:00:00+00' where source_system = 'hubspot'");
        assertThat(build("the same three again")).isEqualTo("unchanged");
        assertThat(rows("select name from reports.owner_names order by 1")).containsExactly("Ada", "Bo", "Cy");
    }

    @Test
    void aModelRebuiltInFullWithTheSameRowsLeavesTheModelsReadingItUnchanged() throws Exception {
        ModelRunner first = new ModelRunner(wh, Map.of(), "comparedmodels");
        first.run("first");
        assertThat(first.lastBuild().values()).containsOnly("full");

        // a new name: the names change, the count per CRM does not, so what reads the count is kept
        exec("update core.owner set name = 'Ada L.', synced_at = '2026-12-02 00:00:00+00' where owner_id = 'o1'");
        ModelRunner second = new ModelRunner(wh, Map.of(), "comparedmodels");
        second.run("renamed");
        assertThat(second.lastBuild()).containsEntry("core.owner_count", "full")
                .containsEntry("reports.owner_share", "unchanged").containsEntry("reports.owner_names", "full");

        // one owner more: the count changes, and so does the share
        exec("insert into core.owner (owner_id, source_system, source_id, name, is_deleted, synced_at)"
                + " values ('o3', 'hubspot', '3', 'Dee', false, '2026-12-03 00:00:00+00')");
        ModelRunner third = new ModelRunner(wh, Map.of(), "comparedmodels");
        third.run("one more");
        assertThat(third.lastBuild()).containsEntry("core.owner_count", "full").containsEntry("reports.owner_share", "full");
        assertThat(rows("select source_system || '=' || share from reports.owner_share order by 1"))
                .containsExactly("hubspot=0.75", "pipedrive=0.25");
    }

    @Test
    void aWarehouseWithoutHashesRebuildsOnceAndThenComparesThem() throws Exception {
        assertThat(build("first")).isEqualTo("full");
        exec("update meta.model_source set content_hash = null"); // built before hashes were kept

        exec("update core.owner set synced_at = '2026-12-02 00:00:00+00'");
        assertThat(build("no hash to compare")).isEqualTo("full");
        exec("update core.owner set synced_at = '2026-12-03 00:00:00+00'");
        assertThat(build("hash kept")).isEqualTo("unchanged");
        assertThat(rows("select count(*) from meta.model_source where source_table = 'core.owner'"
                + " and content_hash is not null")).containsExactly("2");
    }
}
