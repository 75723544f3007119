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
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import io.crmw.app.cluster.ClusterNode;
import io.crmw.app.cluster.ClusterStores;
import io.crmw.app.cluster.ClusterSync;
import io.crmw.app.cluster.ClusterTransform;
import io.crmw.app.schedule.SourceSync;

/**
 * The engine's beans: extraction routes, the pipeline job and its runner; on a single node also the warehouse
 * ({@link SingleNode}), in cluster mode the sources' stores and the cluster's transform ({@link Cluster}).
 */
@SpringBootApplication
public class EngineConfiguration {
    /** Set by {@link Engine}: "true" when the config has a {@code cluster:} section. */
    static final String CLUSTER_MODE = "crmw.cluster-mode";

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
    ExtractRoutes extractRoutes(CrmwConfig config, Connectors connectors, StreamExtractor extractor,
                                RefreshTokenStore refreshTokens) {
        return new ExtractRoutes(config.sourceConfigs(), connectors, extractor, 4, refreshTokens);
    }

    @Bean
    PipelineRunner pipelineRunner(PipelineJobs jobs, JobOperator jobOperator, JobRepository jobRepository) {
        return new PipelineRunner(jobs, jobOperator, jobRepository);
    }

    static TransformSettings transformSettings(CrmwConfig config) {
        return new TransformSettings(config.reportingCurrency(), config.reportingTimeZone(),
                config.referenceDir(), config.published(), config.rawRetentionDays(), config.publishRaw(),
                java.time.Duration.ofDays(config.fullRebuildDays()));
    }

    /** One process, one warehouse file holding raw, core and reports. */
    @Configuration
    @ConditionalOnProperty(name = CLUSTER_MODE, havingValue = "false", matchIfMissing = true)
    static class SingleNode {
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
        RunsView runsView(Warehouse warehouse) {
            return warehouse::connect;
        }

        @Bean
        StreamExtractor streamExtractor(Warehouse warehouse, SyncProgress progress) {
            return new StreamExtractor(warehouse, progress);
        }

        @Bean
        Transformer transformer(Warehouse warehouse, CrmwConfig config) {
            return new Transformer(warehouse, transformSettings(config));
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
        SourceSync sourceSync(PipelineRunner runner) {
            return (source, trigger, fire) -> runner.run(source, trigger, false);
        }
    }

    /**
     * Several {@code serve} nodes: each source syncs into its own store under the lease of whichever node Quartz fired
     * it on; the reports are built by the holder of the cluster's transform lock.
     */
    @Configuration
    @ConditionalOnProperty(name = CLUSTER_MODE, havingValue = "true")
    static class Cluster {
        @Bean
        ClusterStores clusterStores(CrmwConfig config) {
            return new ClusterStores(ClusterNode.lockSource(config.cluster().orElseThrow()), config.sourceStores());
        }

        @Bean
        RunsView runsView(CrmwConfig config) {
            return ClusterNode.publishedRuns(config.published());
        }

        @Bean
        StreamExtractor streamExtractor(ClusterStores stores, SyncProgress progress) {
            return new StreamExtractor(stores, progress, java.time.Clock.systemUTC(), io.crmw.warehouse.raw.BatchBounds.DEFAULT);
        }

        @Bean
        NormalizationSteps normalizationSteps(JobRepository jobRepository, ClusterStores stores) {
            return new NormalizationSteps(jobRepository, stores);
        }

        @Bean
        PipelineJobs pipelineJobs(JobRepository jobRepository, ProducerTemplate camel, NormalizationSteps normalization,
                                  ClusterStores stores) {
            return new PipelineJobs(jobRepository, camel, normalization, null, stores);
        }

        @Bean
        ClusterTransform clusterTransform(DataSource database, ClusterStores stores, CrmwConfig config) {
            CrmwConfig.Cluster cluster = config.cluster().orElseThrow();
            return new ClusterTransform(database, ClusterNode.lockSource(cluster), stores, config.warehouse(),
                    () -> config.sources().stream().map(s -> s.config().name()).toList(), transformSettings(config),
                    cluster.nodeId());
        }

        @Bean
        SourceSync sourceSync(DataSource database, ClusterStores stores, PipelineRunner runner,
                              ClusterTransform transform, CrmwConfig config) {
            return new ClusterSync(database, stores, runner, transform, config.cluster().orElseThrow().nodeId(),
                    config.rawRetentionDays());
        }

        @Bean
        ClusterNode cluster(DataSource database, CrmwConfig config) { // health key "cluster"
            return new ClusterNode(database, config.cluster().orElseThrow().nodeId());
        }
    }
}
