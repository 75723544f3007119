package io.crmw.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.etl.normalize.CoreIdentity;
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
import java.util.Comparator;
import java.util.List;
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

            assertThat(CoreIdentity.differences(javaMapped, sqlMapped, dir)).as("core tables that differ, with their differing rows")
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
            for (String table : CoreIdentity.tables(st)) {
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

    private static long count(Warehouse warehouse, String sql) throws SQLException {
        try (Connection c = warehouse.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
