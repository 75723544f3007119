package io.crmw.app.engine;

import io.crmw.app.config.CrmwConfig;
import io.crmw.connectors.extract.Connectors;
import io.crmw.connectors.extract.ExtractRoutes;
import io.crmw.connectors.extract.StreamExtractor;
import io.crmw.etl.normalize.NormalizationSteps;
import io.crmw.etl.pipeline.PipelineJobs;
import io.crmw.etl.pipeline.PipelineRunner;
import io.crmw.etl.pipeline.TransformSettings;
import io.crmw.etl.pipeline.Transformer;
import io.crmw.connectors.http.RefreshTokenStore;
import io.crmw.warehouse.Warehouse;
import javax.sql.DataSource;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.ProducerTemplate;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** The engine's beans: warehouse, extraction routes, the pipeline job and its runner. */
@SpringBootApplication
public class EngineConfiguration {

    @Bean(destroyMethod = "close")
    Warehouse warehouse(CrmwConfig config) {
        try {
            return Warehouse.open(config.warehouse());
        } catch (RuntimeException e) {
            // unwritable, read-only or full: one line; anything else (in use, corrupt) is the warehouse's own line
            throw StorageProblem.unusable("the warehouse", config.warehouse(), e);
        }
    }

    @Bean
    RefreshTokenStore refreshTokens(DataSource stateDatabase) {
        return new StateDbRefreshTokens(stateDatabase);
    }

    @Bean
    Connectors connectors() {
        return new Connectors();
    }

    @Bean
    SyncProgress syncProgress(MeterRegistry meters) {
        return new SyncProgress(System.err, meters);
    }

    @Bean
    StreamExtractor streamExtractor(Warehouse warehouse, SyncProgress progress) {
        return new StreamExtractor(warehouse, progress);
    }

    @Bean
    ExtractRoutes extractRoutes(CrmwConfig config, Connectors connectors, StreamExtractor extractor,
                                RefreshTokenStore refreshTokens) {
        return new ExtractRoutes(config.sourceConfigs(), connectors, extractor, 4, refreshTokens);
    }

    @Bean
    Transformer transformer(Warehouse warehouse, CrmwConfig config) {
        return new Transformer(warehouse, new TransformSettings(config.reportingCurrency(), config.reportingTimeZone(),
                config.referenceDir(), config.published(), config.rawRetentionDays(), config.publishRaw(),
                java.time.Duration.ofDays(config.fullRebuildDays())));
    }

    @Bean
    NormalizationSteps normalizationSteps(JobRepository jobRepository, Warehouse warehouse) {
        return new NormalizationSteps(jobRepository, warehouse);
    }

    @Bean
    PipelineJobs pipelineJobs(JobRepository jobRepository, ProducerTemplate camel, NormalizationSteps normalization,
                              Transformer transformer, Warehouse warehouse) {
        return new PipelineJobs(jobRepository, camel, normalization, transformer, warehouse);
    }

    @Bean
    PipelineRunner pipelineRunner(PipelineJobs jobs, JobOperator jobOperator, JobRepository jobRepository) {
        return new PipelineRunner(jobs, jobOperator, jobRepository);
    }
}
