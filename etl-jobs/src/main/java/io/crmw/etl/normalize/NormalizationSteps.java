package io.crmw.etl.normalize;

import io.crmw.warehouse.SourceStores;
import io.crmw.warehouse.Warehouse;
import java.util.ArrayList;
import java.util.List;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;

/**
 * The normalization steps of one source, in dependency order: per raw stream a step {@code normalize<Source><Stream>}
 * (a chunk step: read latest raw versions → CRM mapper → staged merge into core; or, for a stream the CRM also maps in
 * SQL, one set-based {@link SetBasedMappingTasklet}, unless {@link #javaMappersOnly()}), and,
 * where the CRM declares set-based finishing SQL, a tasklet step {@code resolve<Source><Stream>} after it.
 *
 * <p>Every stream the CRM declares gets its steps, because the pipeline job is built before its extract step
 * lands anything; a stream whose raw table does not exist when its step runs is skipped at run time (the
 * step reads nothing and completes).
 */
public final class NormalizationSteps {

    public static final int CHUNK_SIZE = 1000;

    private final JobRepository jobRepository;
    private final SourceStores stores;
    private final NormalizerRegistry registry;
    private final int chunkSize;
    private final boolean setBased;

    public NormalizationSteps(JobRepository jobRepository, Warehouse warehouse, NormalizerRegistry registry,
                              int chunkSize) {
        this(jobRepository, SourceStores.single(warehouse), registry, chunkSize);
    }

    /** Each source normalized inside its own store (cluster mode); the store must be open when the steps are built. */
    public NormalizationSteps(JobRepository jobRepository, SourceStores stores, NormalizerRegistry registry,
                              int chunkSize) {
        this(jobRepository, stores, registry, chunkSize, !Boolean.getBoolean(JAVA_MAPPERS_PROPERTY));
    }

    private NormalizationSteps(JobRepository jobRepository, SourceStores stores, NormalizerRegistry registry,
                               int chunkSize, boolean setBased) {
        this.jobRepository = jobRepository;
        this.stores = stores;
        this.registry = registry;
        this.chunkSize = chunkSize;
        this.setBased = setBased;
    }

    /** Set to true, every stream is mapped by its Java mapper (to compare, or to fall back without a release). */
    public static final String JAVA_MAPPERS_PROPERTY = "crmw.normalize.java-mappers";

    /** The same steps with every stream mapped by its Java mapper, set-based mappings ignored. */
    public NormalizationSteps javaMappersOnly() {
        return new NormalizationSteps(jobRepository, stores, registry, chunkSize, false);
    }

    public NormalizationSteps(JobRepository jobRepository, Warehouse warehouse) {
        this(jobRepository, warehouse, NormalizerRegistry.defaults(), CHUNK_SIZE);
    }

    public NormalizationSteps(JobRepository jobRepository, SourceStores stores) {
        this(jobRepository, stores, NormalizerRegistry.defaults(), CHUNK_SIZE);
    }

    /** The steps for a configured source, e.g. {@code stepsFor("hubspot-main", "hubspot")}. */
    public List<Step> stepsFor(String sourceName, String sourceType) {
        CrmNormalizer crm = registry.require(sourceType);
        List<Step> steps = new ArrayList<>();
        for (StreamNormalizer s : crm.streams()) {
            steps.add(setBased && s.setBased() != null ? setBasedStep(sourceName, s) : chunkStep(sourceName, s));
            if (!s.finishSql().isEmpty()) {
                steps.add(finishStep(sourceName, s));
            }
        }
        return steps;
    }

    Step chunkStep(String source, StreamNormalizer s) {
        return new StepBuilder(stepName("normalize", source, s.stream()), jobRepository)
                .<RawRow, MappedRecord>chunk(chunkSize)
                .reader(new RawRecordReader(stores.of(source), source, s.stream()))
                .processor(new MappingProcessor(s.mapper()))
                .writer(new CoreMergeWriter(stores.of(source), source, s.stream()))
                .allowStartIfComplete(true) // watermark-driven and idempotent: a restarted run picks up new rows
                .build();
    }

    Step setBasedStep(String source, StreamNormalizer s) {
        return new StepBuilder(stepName("normalize", source, s.stream()), jobRepository)
                .tasklet(new SetBasedMappingTasklet(stores.of(source), source, s.stream(), s.setBased()))
                .allowStartIfComplete(true)
                .build();
    }

    Step finishStep(String source, StreamNormalizer s) {
        return new StepBuilder(stepName("resolve", source, s.stream()), jobRepository)
                .tasklet(new FinishSqlTasklet(stores.of(source), source, s.stream(), s.finishSql()))
                .allowStartIfComplete(true)
                .build();
    }

    /** {@code ("normalize", "hubspot-main", "deal_pipelines")} → {@code normalizeHubspotMainDealPipelines}. */
    public static String stepName(String verb, String source, String stream) {
        StringBuilder sb = new StringBuilder(verb);
        for (String part : (source + "_" + stream).split("[-_ .]+")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return sb.toString();
    }
}
