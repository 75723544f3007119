package io.crmw.etl.pipeline;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

/** What the SQL models need from the config, and where the analysts' copy goes. */
public record TransformSettings(String reportingCurrency, ZoneId reportingTimeZone, Path referenceDir, Path published) {

    /** Model variables; the as-of date is today in the reporting time zone. */
    public Map<String, String> modelVariables() {
        return Map.of(
                "reporting_currency", reportingCurrency,
                "reporting_time_zone", reportingTimeZone.getId(),
                "reference_dir", referenceDir.toAbsolutePath().toString(),
                "as_of_date", LocalDate.now(reportingTimeZone).toString());
    }
}
