package io.crmw.warehouse.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.warehouse.Warehouse;
import io.crmw.warehouse.bench.ReportsBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An incremental build after a second sync (about 1 % of the deals changed: new amounts, close dates moved across
 * months, deletes, deals won with a new stage-history row, new deals) must leave every model table row for row equal
 * to a full build from scratch of the same core tables (EXCEPT ALL both ways, so duplicates count). The benchmark's
 * generator builds the warehouse at a small scale.
 *
 * <p>Filling the warehouse and its first (full) build are the same for every test and take most of a test's time, so
 * they run once per class; each test works on its own copy of that warehouse file.
 */
class IncrementalBuildIdentityTest {

    static final long DEALS = 8_000;

    /** The filled warehouse after its first build, closed; each test opens a copy. */
    @TempDir
    static Path shared;
    static Path built;
    static Map<String, String> vars;
    /** How the first build built each model. */
    static Map<String, String> firstBuild;

    @TempDir
    Path dir;
    Warehouse wh;

    @BeforeAll
    static void fillAndBuildOnce() throws Exception {
        Path reference = ReportsBenchmark.withSandboxRates(Path.of("../config/reference").toAbsolutePath().normalize());
        vars = Map.of("reporting_currency", "USD", "reporting_time_zone", "Europe/Berlin",
                "reference_dir", reference.toString(), "as_of_date", "2026-11-27");
        built = shared.resolve("w.duckdb");
        Warehouse first = Warehouse.open(built);
        try {
            ReportsBenchmark.fill(first, DEALS);
            ModelRunner runner = new ModelRunner(first, vars);
            runner.run("first");
            firstBuild = Map.copyOf(runner.lastBuild());
        } finally {
            first.close();
        }
    }

    @BeforeEach
    void copyOfTheFirstBuild() throws Exception {
        try (var files = Files.list(shared)) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        wh = Warehouse.open(dir.resolve("w.duckdb"));
    }

    @AfterEach
    void close() {
        wh.close();
    }

    @Test
    void incrementalBuildAfterOnePercentOfDealsChangedEqualsAFullBuildFromScratch() throws Exception {
        assertThat(firstBuild.values()).containsOnly("full");

        long changed = ReportsBenchmark.changeDeals(wh, 1.0, 900);
        assertThat(changed).isBetween(DEALS / 200, DEALS / 50);
        // the second sync holds each kind of change the incremental path must get right
        assertThat(count("select count(*) from core.deal where synced_at > timestamptz '2026-11-27 00:00:00+00' and is_deleted"))
                .isPositive();
        assertThat(count("select count(*) from core.deal where source_id like 'new-%'")).isPositive();
        assertThat(count("select count(*) from core.deal_stage_history where seq > 0 and synced_at > timestamptz"
                + " '2026-11-27 00:00:00+00' and entered_at = timestamptz '2026-11-27 05:00:00+00'")).isPositive();
        assertThat(count("select count(*) from core.deal d join core.deal_enriched e on e.deal_id = d.deal_id"
                + " where date_trunc('month', d.close_date) <> date_trunc('month', e.close_date)")).isPositive();

        ModelRunner second = new ModelRunner(wh, vars);
        second.mostPeriods = Double.MAX_VALUE; // slices even where they hold most periods (the default rebuilds those)
        second.run("incremental");
        // every model that declares how it is incremental was built so (the comparison below covers them all)
        List<String> declared = second.loadModels().stream().filter(m -> m.incremental() != null).map(Model::name).toList();
        assertThat(declared).contains("core.deal_enriched", "core.deal_state_interval", "reports.sales_funnel",
                "reports.pipeline_movement", "reports.total_sales");
        assertThat(declared).allSatisfy(m -> assertThat(second.lastBuild()).containsEntry(m, "incremental"));
        assertThat(second.lastBuild()).containsEntry("reports.call_outcomes", "unchanged");

        assertThat(differencesFromAFullBuild(second)).isEmpty();
    }

    @Test
    void periodModelsWhoseOldPeriodsAreMostOfThemRebuildInFullAndEqualAFullBuild() throws Exception {
        // 1 % of 8,000 deals spread over every month and week: with the default threshold the period models whose
        // changed deals already were in most of their periods are rebuilt in full, without the second slice query,
        // and their data tests run on every row
        ReportsBenchmark.changeDeals(wh, 1.0, 901);
        ModelRunner second = new ModelRunner(wh, vars);
        TransformResult result = second.run("incremental");

        assertThat(second.lastBuild()).containsEntry("reports.weekly_progress", "full")
                .containsEntry("core.deal_enriched", "incremental");
        assertThat(result.tests()).isPositive();
        assertThat(differencesFromAFullBuild(second)).isEmpty();
    }

    @Test
    void unchangedInputsKeepTheTablesAndAFullBuildComesOnDemandOnScheduleAndWithNewVariables() throws Exception {

        ModelRunner again = new ModelRunner(wh, vars).fullRebuildEvery(Duration.ofDays(7));
        TransformResult kept = again.run("nothing changed");
        assertThat(again.lastBuild().values()).containsOnly("unchanged");
        assertThat(kept.tests()).isZero();
        assertThat(count("select count(*) from meta.model_build where built_how = 'unchanged'"))
                .isEqualTo(again.lastBuild().size());

        ModelRunner onDemand = new ModelRunner(wh, vars).full(true);
        onDemand.run("full on demand");
        assertThat(onDemand.lastBuild().values()).containsOnly("full");

        ModelRunner scheduled = new ModelRunner(wh, vars).fullRebuildEvery(Duration.ZERO);
        scheduled.run("full on schedule");
        assertThat(scheduled.lastBuild().values()).containsOnly("full");

        // the as-of date is in the SQL of the models that use it: they (and what reads them) rebuild in full
        Map<String, String> nextDay = new java.util.HashMap<>(vars);
        nextDay.put("as_of_date", "2026-11-28");
        ModelRunner tomorrow = new ModelRunner(wh, nextDay);
        tomorrow.run("next day");
        assertThat(tomorrow.lastBuild()).containsEntry("core.deal_enriched", "full")
                .containsEntry("reports.sales_funnel", "full")
                .containsEntry("reports.call_outcomes", "unchanged");
    }

    @Test
    void eachSourceIsComparedWithItsOwnNewestSyncedAt() throws Exception {
        // another CRM's sync lands later but was extracted earlier than the newest row already built
        try (Connection c = wh.connect(); Statement st = c.createStatement()) {
            st.execute("insert into core.deal by name select 'zoho-bench:deal:1' as deal_id, 'zoho-bench' as source_system,"
                    + " '1' as source_id, name, pipeline_id, stage_id, status, amount, currency_code, created_at, close_date,"
                    + " closed_at, updated_at, owner_id, account_id, false as is_deleted,"
                    + " timestamptz '2025-01-01 00:00:00+00' as synced_at from core.deal where source_id = '7'");
        }
        ModelRunner second = new ModelRunner(wh, vars);
        second.run("second");

        assertThat(second.lastBuild()).containsEntry("core.deal_enriched", "incremental");
        assertThat(count("select count(*) from core.deal_enriched where deal_id = 'zoho-bench:deal:1'")).isOne();
    }

    @Test
    void aMissedSliceShowsAsADifferenceFromTheFullBuild() throws Exception {
        // a deal changed without a newer synced_at: no incremental build can see it, so its slice is missed
        try (Connection c = wh.connect(); Statement st = c.createStatement()) {
            st.execute("update core.deal set amount = amount + 1000 where source_id = '42'");
        }
        ReportsBenchmark.changeDeals(wh, 1.0, 900);
        ModelRunner second = new ModelRunner(wh, vars);
        second.run("incremental");

        assertThat(differencesFromAFullBuild(second)).anyMatch(d -> d.startsWith("core.deal_enriched "));
    }

    /** Keeps the tables as built, rebuilds everything in full and names the tables whose rows differ. */
    private List<String> differencesFromAFullBuild(ModelRunner built) throws Exception {
        List<String> tables = new ArrayList<>();
        try (Connection c = wh.connect(); Statement st = c.createStatement()) {
            st.execute("create schema if not exists built");
            for (String model : built.buildOrder()) {
                if (isTable(st, model)) {
                    tables.add(model);
                    st.execute("create or replace table built." + model.replace('.', '_') + " as select * from " + model);
                }
            }
        }
        new ModelRunner(wh, vars).full(true).run("full");
        Map<String, Long> differing = new LinkedHashMap<>();
        try (Connection c = wh.connect(); Statement st = c.createStatement()) {
            for (String model : tables) {
                String copy = "built." + model.replace('.', '_');
                long n = count(st, "select count(*) from ((select * from " + model + " except all select * from " + copy
                        + ") union all (select * from " + copy + " except all select * from " + model + "))");
                if (n > 0) {
                    differing.put(model + " (" + n + " rows differ; incremental " + rows(st, "select * from " + copy
                            + " except all select * from " + model) + ", full " + rows(st, "select * from " + model
                            + " except all select * from " + copy) + ")", n);
                }
            }
        }
        return differing.keySet().stream().map(d -> d.replaceAll(" .*", "")).toList().isEmpty() ? List.of()
                : List.copyOf(differing.keySet());
    }

    /** Up to 3 rows of a query, for the failure message. */
    private static String rows(Statement st, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql + " limit 3")) {
            while (rs.next()) {
                List<String> cells = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    cells.add(rs.getMetaData().getColumnLabel(i) + "=" + rs.getString(i));
                }
                out.add("{" + String.join(", ", cells) + "}");
            }
        }
        return out.toString();
    }

    private static boolean isTable(Statement st, String model) throws Exception {
        String[] parts = model.split("\\.");
        return count(st, "select count(*) from information_schema.tables where table_type = 'BASE TABLE' and"
                + " table_schema = '" + parts[0] + "' and table_name = '" + parts[1] + "'") == 1;
    }

    private long count(String sql) throws Exception {
        try (Connection c = wh.connect(); Statement st = c.createStatement()) {
            return count(st, sql);
        }
    }

    private static long count(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
