package io.crmw.etl.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

/**
 * What the SQL models need from the config, where the analysts' copy goes, whether it carries raw, and how many days
 * of raw history to keep (besides each id's latest version), and after how long a model built incrementally is built in
 * full again ({@link Duration#ZERO}: every transform builds in full).
 */
public record TransformSettings(String reportingCurrency, ZoneId reportingTimeZone, Path referenceDir, Path published,
                                int rawRetentionDays, boolean publishRaw, Duration fullRebuildEvery) {

    public static final int DEFAULT_RAW_RETENTION_DAYS = 30;
    public static final Duration DEFAULT_FULL_REBUILD_EVERY = Duration.ofDays(7);

    public TransformSettings(String reportingCurrency, ZoneId reportingTimeZone, Path referenceDir, Path published,
                             int rawRetentionDays, boolean publishRaw) {
        this(reportingCurrency, reportingTimeZone, referenceDir, published, rawRetentionDays, publishRaw,
                DEFAULT_FULL_REBUILD_EVERY);
    }

    public TransformSettings(String reportingCurrency, ZoneId reportingTimeZone, Path referenceDir, Path published) {
        this(reportingCurrency, reportingTimeZone, referenceDir, published, DEFAULT_RAW_RETENTION_DAYS, false);
    }

    /** Model variables; the as-of date is today in the reporting time zone. */
    public Map<String, String> modelVariables() {
        return Map.of(
                "reporting_currency", reportingCurrency,
                "reporting_time_zone", reportingTimeZone.getId(),
                "reference_dir", referenceDir.toAbsolutePath().toString(),
                "as_of_date", LocalDate.now(reportingTimeZone).toString());
    }
}
