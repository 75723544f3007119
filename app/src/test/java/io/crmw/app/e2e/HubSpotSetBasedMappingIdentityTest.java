package io.crmw.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.etl.normalize.NormalizationSteps;
import io.crmw.etl.normalize.NormalizerRegistry;
import io.crmw.sandbox.Sandbox;
import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.business.Deal;
import io.crmw.warehouse.Warehouse;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.builder.SimpleJobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.support.TaskExecutorJobOperator;
import org.springframework.batch.core.repository.support.ResourcelessJobRepository;
import org.springframework.batch.core.step.Step;

/**
 * Over the raw rows of a generated sandbox business synced three times (deals changed twice, closed, added, archived in
 * between), the HubSpot normalization from scratch writes the same core rows with the set-based mappings (deals,
 * companies, engagements) as with the Java mappers: every core table compared by {@code except all} both ways.
 */
class HubSpotSetBasedMappingIdentityTest {

    @TempDir
    Path dir;

    @Test
    void setBasedAndJavaMappingsWriteIdenticalCoreTablesForASyncedSandboxBusiness() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withSeed(11).withSize(1).withSearchPerSecond(25));
             PipelineHarness h = new PipelineHarness(sandbox, dir)) {
            assertThat(h.sync().status()).isEqualTo("succeeded");
            var business = sandbox.business();
            List<Deal> live = business.deals().stream().filter(d -> !d.archived())
                    .sorted(Comparator.comparing(Deal::id)).toList();
            Deal twice = live.get(0);
            Deal open = live.stream().filter(d -> !business.stageOf(d).closed() && d != twice).findFirst().orElseThrow();
            Deal doomed = live.get(live.size() - 1);
            business.changeDealAmount(twice.id(), new BigDecimal("1000.01"));
            business.closeDealWon(open.id(), LocalDate.of(2026, 10, 15));
            business.archiveDeal(doomed.id());
            assertThat(h.sync().status()).isEqualTo("succeeded");
            business.changeDealAmount(twice.id(), new BigDecimal("2000.02"));
            assertThat(h.sync().status()).isEqualTo("succeeded");
            assertThat(h.count("select count(*) from raw.hubspot_test__deals")).isGreaterThan(live.size());
        }

        Path javaFile = copyOfWarehouse("java");
        Path sqlFile = copyOfWarehouse("sql");
        try (Warehouse javaMapped = Warehouse.open(javaFile); Warehouse sqlMapped = Warehouse.open(sqlFile)) {
            assertThat(normalizeFromScratch(javaMapped, true)).isEqualTo(BatchStatus.COMPLETED);
            assertThat(normalizeFromScratch(sqlMapped, false)).isEqualTo(BatchStatus.COMPLETED);

            assertThat(differences(javaMapped, sqlMapped)).as("core tables that differ, with their differing rows")
                    .isEmpty();
            assertThat(count(sqlMapped, "select count(*) from core.deal")).isGreaterThan(50);
            assertThat(count(sqlMapped, "select count(*) from core.deal where is_deleted")).isGreaterThan(0);
            assertThat(count(sqlMapped, "select count(*) from core.deal_stage_history")).isGreaterThan(50);
            assertThat(count(sqlMapped, "select count(*) from core.deal_contact")).isGreaterThan(0);
            assertThat(count(sqlMapped, "select count(distinct type) from core.activity")).isEqualTo(5);
        }
    }

    private Path copyOfWarehouse(String name) throws Exception {
        Path copy = dir.resolve(name + ".duckdb");
        Files.copy(dir.resolve("warehouse.duckdb"), copy);
        Path wal = dir.resolve("warehouse.duckdb.wal");
        if (Files.exists(wal)) {
            Files.copy(wal, dir.resolve(name + ".duckdb.wal"));
        }
        return copy;
    }

    /** Empties core and the watermarks, then runs the HubSpot normalization steps over the raw rows. */
    private static BatchStatus normalizeFromScratch(Warehouse warehouse, boolean javaMappers) throws Exception {
        try (Connection c = warehouse.connect(); Statement st = c.createStatement()) {
            for (String table : coreTables(st)) {
                st.execute("delete from core." + table);
            }
            st.execute("delete from meta.normalize_state");
        }
        var repository = new ResourcelessJobRepository();
        var operator = new TaskExecutorJobOperator();
        operator.setJobRepository(repository);
        operator.setJobRegistry(new MapJobRegistry());
        operator.afterPropertiesSet();
        NormalizationSteps steps = new NormalizationSteps(repository, warehouse, NormalizerRegistry.defaults(),
                NormalizationSteps.CHUNK_SIZE);
        List<Step> list = (javaMappers ? steps.javaMappersOnly() : steps).stepsFor(PipelineHarness.SOURCE, "hubspot");
        SimpleJobBuilder job = new JobBuilder("normalize", repository).start(list.get(0));
        list.stream().skip(1).forEach(job::next);
        var execution = operator.start(job.build(), new JobParameters());
        execution.getAllFailureExceptions().forEach(Throwable::printStackTrace);
        return execution.getStatus();
    }

    /** Per core table that differs, up to 5 rows only in one side and 5 only in the other. */
    private Map<String, List<String>> differences(Warehouse expected, Warehouse actual) throws Exception {
        Path parquet = Files.createDirectories(dir.resolve("expected"));
        List<String> tables;
        try (Connection c = expected.connect(); Statement st = c.createStatement()) {
            tables = coreTables(st);
            for (String t : tables) {
                st.execute("copy core." + t + " to '" + parquet.resolve(t + ".parquet") + "' (format parquet)");
            }
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        try (Connection c = actual.connect(); Statement st = c.createStatement()) {
            for (String t : tables) {
                String file = "read_parquet('" + parquet.resolve(t + ".parquet") + "')";
                List<String> diff = new ArrayList<>(rows(st, "select 'java only', * from (select * from " + file
                        + " except all select * from core." + t + ") limit 5"));
                diff.addAll(rows(st, "select 'sql only', * from (select * from core." + t
                        + " except all select * from " + file + ") limit 5"));
                if (!diff.isEmpty()) {
                    out.put(t, diff);
                }
            }
        }
        return out;
    }

    private static List<String> coreTables(Statement st) throws SQLException {
        return rows(st, "select table_name from information_schema.tables where table_schema = 'core'"
                + " and table_type = 'BASE TABLE' order by table_name");
    }

    private static long count(Warehouse warehouse, String sql) throws SQLException {
        try (Connection c = warehouse.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> rows(Statement st, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    sb.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(sb.toString());
            }
        }
        return out;
    }
}
