package io.crmw.warehouse.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmw.warehouse.Warehouse;
import io.crmw.warehouse.WarehouseException;
import io.crmw.warehouse.runs.TransformRunSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRunnerTest {

    @TempDir
    Path dir;
    Warehouse wh;

    @BeforeEach
    void open() throws Exception {
        wh = Warehouse.open(dir.resolve("w.duckdb"));
        exec("create table main.input (k integer, v integer)", "insert into main.input values (1, 10), (2, 20)");
    }

    @AfterEach
    void close() {
        wh.close();
    }

    void exec(String... sqls) throws Exception {
        io.crmw.warehouse.testing.WarehouseSql.exec(wh, sqls);
    }

    List<String> rows(String sql) throws Exception {
        return io.crmw.warehouse.testing.WarehouseSql.rows(wh, sql);
    }

    ModelRunner runner() {
        return new ModelRunner(wh, Map.of("greeting", "it's", "as_of_date", "2024-02-15"), "testmodels");
    }

    @Test
    void buildsInDependencyOrderNotIndexOrder() {
        assertThat(runner().buildOrder()).containsExactly("reports.base", "core.alpha", "core.zeta", "reports.x");
    }

    @Test
    void buildsModelsSubstitutesVariablesAndRecordsTheRun() throws Exception {
        TransformResult r = runner().run("t1");

        assertThat(r).isEqualTo(new TransformResult(4, 3, List.of()));
        assertThat(rows("select k, v, greeting, as_of from core.alpha order by k"))
                .containsExactly("1|10|it's|2024-02-15", "2|20|it's|2024-02-15");
        assertThat(rows("select k, v from reports.x order by k")).containsExactly("1|10", "2|20");
        TransformRunSummary run = wh.runs().lastTransform().orElseThrow();
        assertThat(run.status()).isEqualTo("succeeded");
        assertThat(run.modelsBuilt()).isEqualTo(4);
        assertThat(run.testsRun()).isEqualTo(3);
    }

    @Test
    void failingTestRollsBackEveryModelAndNamesModelTestAndRows() throws Exception {
        runner().run("t1");
        exec("insert into main.input values (3, -1), (4, -2), (5, -3), (6, -4), (7, -5), (8, -6), (1, 99)");

        assertThatThrownBy(() -> runner().run("t2"))
                .isInstanceOf(ModelBuildException.class)
                .hasMessageContaining("rolled back")
                .hasMessageContaining("test v_not_negative on reports.x: 6 offending row(s), first 5")
                .hasMessageContaining("{k=3, v=-1}")
                .hasMessageContaining("{k=7, v=-5}")
                .hasMessageNotContaining("{k=8, v=-6}")
                .hasMessageContaining("test unique(k) on reports.base: 1 offending row(s)")
                .hasMessageContaining("{k=1, duplicates=2}")
                .satisfies(e -> assertThat(((ModelBuildException) e).result().failures()).hasSize(3));

        assertThat(rows("select k, v from reports.x order by k")).containsExactly("1|10", "2|20");
        assertThat(rows("select count(*) from core.alpha")).containsExactly("2");
        TransformRunSummary run = wh.runs().lastTransform().orElseThrow();
        assertThat(run.runId()).isEqualTo("t2");
        assertThat(run.status()).isEqualTo("failed");
        assertThat(run.testsFailed()).isEqualTo(3);
        assertThat(run.error()).contains("v_not_negative");
    }

    @Test
    void warningRowsAreReportedAndKeptWithTheRunButNeverFailTheBuild() throws Exception {
        exec("insert into main.input values (3, -1), (4, -2)");

        TransformResult r = new ModelRunner(wh, Map.of(), "warnmodels").run("t1");

        assertThat(r.failures()).isEmpty();
        assertThat(r.tests()).isEqualTo(2);
        assertThat(r.warnings()).singleElement().asString()
                .contains("warning v_negative on core.numbers: 2 offending row(s)")
                .contains("{k=3, v=-1}").contains("{k=4, v=-2}");
        assertThat(rows("select count(*) from core.numbers")).containsExactly("4");
        assertThat(rows("select status, warnings from meta.transform_run where run_id = 't1'"))
                .singleElement().asString().startsWith("succeeded|warning v_negative on core.numbers: 2 offending row(s)");

        exec("delete from main.input where v < 0");
        assertThat(new ModelRunner(wh, Map.of(), "warnmodels").run("t2").warnings()).isEmpty();
        assertThat(rows("select warnings from meta.transform_run where run_id = 't2'")).containsExactly("null");
    }

    @Test
    void aWarningThatCannotRunFailsTheBuildLikeABrokenTest() throws Exception {
        new ModelRunner(wh, Map.of(), "warnmodels").run("t1");
        exec("alter table main.input rename column v to w", "alter table main.input add column v varchar");
        exec("update main.input set v = 'x'");

        assertThatThrownBy(() -> new ModelRunner(wh, Map.of(), "warnmodels").run("t2"))
                .isInstanceOf(ModelBuildException.class)
                .hasMessageContaining("warning v_negative on core.numbers could not run");
    }

    @Test
    void brokenModelSqlNamesTheModelAndKeepsPreviousTables() throws Exception {
        runner().run("t1");
        exec("alter table main.input rename column v to w");
        assertThatThrownBy(() -> runner().run("t2"))
                .isInstanceOf(ModelBuildException.class)
                .hasMessageContaining("model reports.base (testmodels/reports/base.sql) failed");
        assertThat(rows("select k, v from reports.x order by k")).containsExactly("1|10", "2|20");
    }

    @Test
    void definesMacrosFromTheIndexBeforeBuildingTheModelsThatUseThem() throws Exception {
        TransformResult r = new ModelRunner(wh, Map.of("label", "x2"), "macromodels").run("t1");

        assertThat(r).isEqualTo(new TransformResult(1, 1, List.of()));
        assertThat(rows("select k, v, label from core.doubled order by k")).containsExactly("1|20|x2:20", "2|40|x2:40");
    }

    @Test
    void brokenMacroNamesTheMacroFileAndRecordsTheFailedRun() {
        assertThatThrownBy(() -> new ModelRunner(wh, Map.of(), "badmacros").run("t1"))
                .isInstanceOf(ModelBuildException.class)
                .hasMessageContaining("rolled back")
                .hasMessageContaining("macro macros/broken.sql (badmacros/macros/broken.sql) failed");
        assertThat(wh.runs().lastTransform().orElseThrow().status()).isEqualTo("failed");
    }

    @Test
    void missingVariableIsNamed() {
        ModelRunner r = new ModelRunner(wh, Map.of(), "testmodels");
        assertThatThrownBy(() -> r.run("t1")).hasMessageContaining("core.alpha uses ${greeting}, which is not set");
    }

    @Test
    void cycleIsAnErrorNamingTheModels() {
        assertThatThrownBy(() -> new ModelRunner(wh, Map.of(), "cyclemodels").buildOrder())
                .isInstanceOf(WarehouseException.class)
                .hasMessageContaining("cycle among core.c1 -> core.c2; core.c2 -> core.c1");
    }

    @Test
    void modelIndexListsEveryModelFile() throws Exception {
        Path folder = Path.of("src/main/resources/models");
        try (Stream<Path> files = Files.walk(folder)) {
            List<String> sql = files.filter(p -> p.toString().endsWith(".sql"))
                    .map(p -> folder.relativize(p).toString().replace('\\', '/')).sorted().collect(Collectors.toList());
            assertThat(new ModelRunner(wh, Map.of()).index()).containsExactlyInAnyOrderElementsOf(sql);
        }
    }

    @Test
    void genericColumnTestsPassOnGoodRows() throws Exception {
        seedFacts();
        TransformResult r = new ModelRunner(wh, Map.of(), "columnmodels").run("t1");

        assertThat(r).isEqualTo(new TransformResult(1, 6, List.of()));
    }

    @Test
    void eachGenericTestKindFailsOnABrokenRowNamingKindColumnAndRows() throws Exception {
        seedFacts();
        exec("insert into main.facts values"
                + " (3, null, 1, 'o1', 's1', 'grain missing'),"
                + " (4, 'year', 1, 'o1', 's1', 'grain not accepted'),"
                + " (5, 'day', 3, 'o1', 's1', 'level not accepted'),"
                + " (6, 'day', 1, 'o9', 's1', 'owner unknown'),"
                + " (1, 'day', 1, 'o1', 's1', 'duplicate key'),"
                + " (null, 'day', 1, 'o1', 's1', 'key missing')");

        assertThatThrownBy(() -> new ModelRunner(wh, Map.of(), "columnmodels").run("t2"))
                .isInstanceOf(ModelBuildException.class)
                .hasMessageContaining("test not_null(k) on reports.facts: 1 offending row(s):\n    {k=null}")
                .hasMessageContaining("test not_null(period_grain) on reports.facts: 1 offending row(s):\n"
                        + "    {k=3, period_grain=null}")
                .hasMessageContaining("test accepted_values(period_grain in ('day', 'month')) on reports.facts:"
                        + " 1 offending row(s):\n    {k=4, period_grain=year}")
                .hasMessageContaining("test accepted_values(level in (1, 2)) on reports.facts: 1 offending row(s):\n"
                        + "    {k=5, level=3}")
                .hasMessageContaining("test relationships(owner_id -> main.owners.owner_id except ('unassigned')"
                        + " where src in (select src from main.owners)) on reports.facts: 1 offending row(s):\n"
                        + "    {k=6, owner_id=o9}")
                .hasMessageContaining("test unique(k) on reports.facts: 1 offending row(s):\n    {k=1, duplicates=2}")
                .satisfies(e -> assertThat(((ModelBuildException) e).result().failures()).hasSize(6));
        assertThat(wh.runs().lastTransform().orElseThrow().testsFailed()).isEqualTo(6);
    }

    @Test
    void uniqueKeyOfSeveralColumnsPassesWhenOnlyItsPartsRepeatAndListsEveryDuplicatedKeyWithNullsAsOneValue()
            throws Exception {
        exec("create table main.pairs (a integer, b varchar, note varchar)",
                "insert into main.pairs values (1, 'x', 'fine'), (1, 'y', 'a repeats'), (2, 'x', 'b repeats'),"
                        + " (2, null, 'null b'), (null, 'x', 'null a')");
        assertThat(new ModelRunner(wh, Map.of(), "keymodels").run("t1").failures()).isEmpty();

        exec("insert into main.pairs values (1, 'x', 'same key'), (2, null, 'same key with a null'),"
                + " (2, null, 'and again'), (null, 'y', 'null a, new b')");

        assertThatThrownBy(() -> new ModelRunner(wh, Map.of(), "keymodels").run("t2"))
                .isInstanceOf(ModelBuildException.class)
                .hasMessageContaining("test unique(a, b) on reports.pairs: 2 offending row(s):")
                .hasMessageContaining("{a=1, b=x, duplicates=2}")
                .hasMessageContaining("{a=2, b=null, duplicates=3}")
                .hasMessageNotContaining("b=y")
                .satisfies(e -> assertThat(((ModelBuildException) e).result().failures()).hasSize(1));
    }

    @Test
    void malformedColumnTestDeclarationsNameTheFileAndTheExpectedForm() {
        assertThatThrownBy(() -> Model.parse("models/reports/t.sql", "reports", "t",
                "-- accepted_values: period_grain ('day')\nselect 1"))
                .hasMessageContaining("models/reports/t.sql: cannot read '-- accepted_values: period_grain ('day')'")
                .hasMessageContaining("expected <column> in ('a', 'b')");
        assertThatThrownBy(() -> Model.parse("r", "reports", "t", "-- relationships: owner_id -> core.owner\nselect 1"))
                .hasMessageContaining("expected <column> -> <schema>.<table>.<column>");
        assertThatThrownBy(() -> Model.parse("r", "reports", "t", "-- accepted_values: g in ('a', b)\nselect 1"))
                .hasMessageContaining("a list of 'quoted' or numeric literals");
        assertThatThrownBy(() -> Model.parse("r", "reports", "t", "-- not_null: a b\nselect 1"))
                .hasMessageContaining("lower-case column names separated by commas");
    }

    void seedFacts() throws Exception {
        exec("create table main.owners (owner_id varchar, src varchar)", "insert into main.owners values ('o1', 's1'), ('o2', 's1')",
                "create table main.facts (k integer, period_grain varchar, level integer, owner_id varchar, src varchar, note varchar)",
                "insert into main.facts values (1, 'month', 1, 'o1', 's1', 'fine'), (2, 'day', 2, 'unassigned', 's1', 'sentinel'),"
                        + " (7, 'day', null, null, 's1', 'nulls pass accepted values and relationships'),"
                        + " (8, 'day', 1, 'x9', 's2', 'a source without owners is not checked')");
    }

    @Test
    void parsesColumnTestDeclarations() {
        Model m = Model.parse("r", "reports", "t", "-- grain: one row per a\n-- not_null: a, b\n"
                + "-- accepted_values: g in ('day', 'it''s')\n-- relationships: o -> core.owner.owner_id except ('unassigned', 'unknown')\n"
                + "-- relationships: t -> core.team.team_id where source_system in (select source_system from core.team)\n"
                + "select 1 as a");
        assertThat(m.columnTests()).containsExactly(new ColumnTest.NotNull("a"), new ColumnTest.NotNull("b"),
                new ColumnTest.AcceptedValues("g", List.of("'day'", "'it''s'")),
                new ColumnTest.Relationship("o", "core.owner", "owner_id", List.of("'unassigned'", "'unknown'"), null),
                new ColumnTest.Relationship("t", "core.team", "team_id", List.of(),
                        "source_system in (select source_system from core.team)"));
        assertThat(m.description()).isEmpty();
    }

    @Test
    void parsesTheHeaderBlock() {
        Model m = Model.parse("r", "reports", "t", "-- Line one.\n-- line two.\n-- grain: one row per a\n"
                + "-- unique: a, b\n-- test positive: select * from reports.t where a < 0\n\nselect 1 as a, 2 as b;\n");
        assertThat(m.description()).isEqualTo("Line one. line two.");
        assertThat(m.grain()).isEqualTo("one row per a");
        assertThat(m.uniqueKey()).containsExactly("a", "b");
        assertThat(m.tests()).containsEntry("positive", "select * from reports.t where a < 0");
        assertThat(m.columnTests()).isEmpty();
        assertThat(m.sql()).endsWith("select 1 as a, 2 as b");
    }
}
