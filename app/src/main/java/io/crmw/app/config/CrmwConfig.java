package io.crmw.app.config;

import io.crmw.connectors.spi.Secret;
import io.crmw.connectors.spi.SourceConfig;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * The validated {@code crmw:} section of the config file.
 *
 * @param warehouse         the engine's DuckDB file
 * @param published         the read-only copy analysts, BI tools and the CLI read
 * @param referenceDir      folder of reference CSVs (fx rates, goals, maps)
 * @param transformSchedule Quartz cron for report rebuilds on their own, when set
 * @param rawRetentionDays  days of raw history kept besides each id's latest version ({@code raw-retention-days})
 * @param publishRaw        whether the published copy carries the raw tables ({@code publish-raw})
 * @param serveToken        the access token {@code crmw serve} asks of every page and API call ({@code serve.token}),
 *                          required when it binds to an address other than loopback
 * @param cluster           cluster mode ({@code cluster:}): several {@code serve} nodes share one PostgreSQL database for
 *                          Quartz and Spring Batch and one data directory; empty for the single-node default
 * @param fullRebuildDays   a report model last built in full this many days ago is built in full again by the next
 *                          transform (the others rebuild only what changed); 0 builds everything in full every time
 *                          ({@code full-rebuild-days})
 */
public record CrmwConfig(
        Path file,
        Path warehouse,
        Path published,
        String reportingCurrency,
        ZoneId reportingTimeZone,
        Path referenceDir,
        Optional<String> transformSchedule,
        List<ScheduledSource> sources,
        int rawRetentionDays,
        boolean publishRaw,
        Optional<Secret> serveToken,
        Optional<Cluster> cluster,
        int fullRebuildDays) {

    public static final int DEFAULT_FULL_REBUILD_DAYS = 7;

    public CrmwConfig(Path file, Path warehouse, Path published, String reportingCurrency, ZoneId reportingTimeZone,
                      Path referenceDir, Optional<String> transformSchedule, List<ScheduledSource> sources,
                      int rawRetentionDays, boolean publishRaw, Optional<Secret> serveToken, Optional<Cluster> cluster) {
        this(file, warehouse, published, reportingCurrency, reportingTimeZone, referenceDir, transformSchedule, sources,
                rawRetentionDays, publishRaw, serveToken, cluster, DEFAULT_FULL_REBUILD_DAYS);
    }

    public CrmwConfig(Path file, Path warehouse, Path published, String reportingCurrency, ZoneId reportingTimeZone,
                      Path referenceDir, Optional<String> transformSchedule, List<ScheduledSource> sources,
                      int rawRetentionDays, boolean publishRaw, Optional<Secret> serveToken) {
        this(file, warehouse, published, reportingCurrency, reportingTimeZone, referenceDir, transformSchedule, sources,
                rawRetentionDays, publishRaw, serveToken, Optional.empty());
    }

    public CrmwConfig(Path file, Path warehouse, Path published, String reportingCurrency, ZoneId reportingTimeZone,
                      Path referenceDir, Optional<String> transformSchedule, List<ScheduledSource> sources,
                      int rawRetentionDays, boolean publishRaw) {
        this(file, warehouse, published, reportingCurrency, reportingTimeZone, referenceDir, transformSchedule, sources,
                rawRetentionDays, publishRaw, Optional.empty());
    }

    public CrmwConfig(Path file, Path warehouse, Path published, String reportingCurrency, ZoneId reportingTimeZone,
                      Path referenceDir, Optional<String> transformSchedule, List<ScheduledSource> sources) {
        this(file, warehouse, published, reportingCurrency, reportingTimeZone, referenceDir, transformSchedule, sources,
                30, false);
    }

    /**
     * Cluster mode: Quartz's clustered job store and Spring Batch's job repository in PostgreSQL, each source's raw
     * store a DuckDB file of its own under {@link #sourceStores()}, written only by the node holding that source's lease.
     *
     * @param checkinInterval how often a node tells the others it is alive; a node silent for longer (plus Quartz's
     *                        grace) is declared dead and its running syncs are recovered by another node
     */
    public record Cluster(String databaseUrl, String username, Secret password, String nodeId,
                          java.time.Duration checkinInterval) {}

    public boolean clustered() {
        return cluster.isPresent();
    }

    /** Each source's own DuckDB store in cluster mode: {@code <warehouse dir>/sources/<source>.duckdb}. */
    public Path sourceStores() {
        return warehouse.toAbsolutePath().getParent().resolve("sources");
    }

    /** A source and its sync schedule (Quartz cron), if it has one. */
    public record ScheduledSource(SourceConfig config, Optional<String> schedule) {}

    public List<SourceConfig> sourceConfigs() {
        return sources.stream().map(ScheduledSource::config).toList();
    }

    public Optional<ScheduledSource> source(String name) {
        return sources.stream().filter(s -> s.config().name().equals(name)).findFirst();
    }

    /** Where Spring Batch's job repository and Quartz's job store live (an H2 file next to the warehouse). */
    public Path stateDb() {
        Path dir = warehouse.toAbsolutePath().getParent();
        String name = warehouse.getFileName().toString().replaceFirst("\\.duckdb$", "");
        return dir.resolve(name + "-state");
    }
}
