package io.crmw.etl.normalize;

import io.crmw.warehouse.Warehouse;
import io.crmw.warehouse.raw.RawRecord;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.builder.SimpleJobBuilder;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.support.TaskExecutorJobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.ResourcelessJobRepository;
import org.springframework.batch.core.step.Step;

/**
 * One source's normalization steps, run by Spring Batch with an in-memory repository over a real temporary DuckDB
 * warehouse: land raw pages, run the steps, read core back as {@code a|b|c} lines.
 */
public abstract class WarehouseStepsTest {

    private static final AtomicLong RUNS = new AtomicLong();

    private final String source;
    private final String type;
    private final int chunkSize;

    @TempDir
    protected Path tmp;
    protected Warehouse warehouse;
    protected JobRepository jobRepository;
    private TaskExecutorJobOperator jobOperator;

    protected WarehouseStepsTest(String source, String type, int chunkSize) {
        this.source = source;
        this.type = type;
        this.chunkSize = chunkSize;
    }

    @BeforeEach
    void openWarehouseAndBatch() throws Exception {
        warehouse = Warehouse.open(tmp.resolve("warehouse.duckdb"));
        jobRepository = new ResourcelessJobRepository();
        jobOperator = new TaskExecutorJobOperator();
        jobOperator.setJobRepository(jobRepository);
        jobOperator.setJobRegistry(new MapJobRegistry());
        jobOperator.afterPropertiesSet();
    }

    @AfterEach
    void closeWarehouse() {
        warehouse.close();
    }

    /** Runs every normalization step of the source as one job; failures are printed. */
    protected BatchStatus run() throws Exception {
        List<Step> steps = new NormalizationSteps(jobRepository, warehouse, NormalizerRegistry.defaults(), chunkSize)
                .stepsFor(source, type);
        SimpleJobBuilder job = new JobBuilder("normalize-" + source, jobRepository).start(steps.get(0));
        steps.stream().skip(1).forEach(job::next);
        JobExecution execution = jobOperator.start(job.build(),
                new JobParametersBuilder().addLong("run", RUNS.incrementAndGet()).toJobParameters());
        execution.getAllFailureExceptions().forEach(Throwable::printStackTrace);
        return execution.getStatus();
    }

    /** The names of the source's steps with the default registry, in run order. */
    protected List<String> stepNames() {
        return new NormalizationSteps(jobRepository, warehouse).stepsFor(source, type).stream().map(Step::getName)
                .toList();
    }

    /** Lands one page of raw records of {@code stream}, as the extractor would. */
    protected void land(String stream, RawRecord... records) {
        warehouse.landing().landPage(source, stream, "test-run", List.of(records), null, false);
    }

    protected void exec(String sql) throws SQLException {
        try (Connection c = warehouse.connect(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** Each row of the query as its columns joined by {@code |}. */
    protected List<String> rows(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = warehouse.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
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

    /** The row count of each named core table, in order. */
    protected List<String> coreCounts(String... tables) throws SQLException {
        List<String> out = new ArrayList<>();
        for (String t : tables) {
            out.addAll(rows("select count(*) from core." + t));
        }
        return out;
    }
}
