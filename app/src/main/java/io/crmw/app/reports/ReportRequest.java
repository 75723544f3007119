package io.crmw.app.reports;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a user asks of a report, the same from {@code crmw report}, the API and the dashboard. {@code by} null means
 * the report's own grain (every column, no roll-up); an empty list means one total row.
 */
public record ReportRequest(LocalDate from, LocalDate to, String owner, String team, String source, String pipeline,
                            String grain, List<String> by, String sort, Integer limit, int offset) {

    /** The period grains, finest first. */
    public static final List<String> GRAINS = List.of("day", "week", "month", "quarter", "year");

    /** Every query parameter of {@code GET /api/reports/{id}}. */
    public static final Set<String> PARAMETERS = Set.of("from", "to", "owner", "team", "source", "pipeline", "grain",
            "by", "sort", "limit", "offset", "format", "totals");

    public static ReportRequest of(Map<String, String> p) {
        for (String name : p.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw new BadReportRequest(name, "unknown parameter", String.join(", ", PARAMETERS.stream().sorted().toList()));
            }
        }
        return new ReportRequest(date("from", p.get("from")), date("to", p.get("to")), blankToNull(p.get("owner")),
                blankToNull(p.get("team")), blankToNull(p.get("source")), blankToNull(p.get("pipeline")),
                grain(p.get("grain")), by(p.get("by")), blankToNull(p.get("sort")),
                whole("limit", p.get("limit")), p.get("offset") == null ? 0 : whole("offset", p.get("offset")));
    }

    public ReportRequest {
        if (limit != null && limit < 0) {
            throw new BadReportRequest("limit", "must be 0 or more, not " + limit, "a whole number ≥ 0");
        }
        if (offset < 0) {
            throw new BadReportRequest("offset", "must be 0 or more, not " + offset, "a whole number ≥ 0");
        }
        if (from != null && to != null && from.isAfter(to)) {
            throw new BadReportRequest("from", "is after to (" + from + " > " + to + ")", "a date on or before to");
        }
    }

    public boolean rollUp() {
        return by != null;
    }

    public ReportRequest withBy(List<String> newBy) {
        return new ReportRequest(from, to, owner, team, source, pipeline, grain, newBy, sort, limit, offset);
    }

    public ReportRequest page(String newSort, Integer newLimit, int newOffset) {
        return new ReportRequest(from, to, owner, team, source, pipeline, grain, by, newSort, newLimit, newOffset);
    }

    public static LocalDate date(String parameter, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new BadReportRequest(parameter, "'" + value + "' is not a date", "YYYY-MM-DD, e.g. 2024-01-31");
        }
    }

    public static String grain(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String g = value.strip().toLowerCase(Locale.ROOT);
        if (!GRAINS.contains(g)) {
            throw new BadReportRequest("grain", "'" + value + "' is not a period grain", String.join(", ", GRAINS));
        }
        return g;
    }

    /** {@code a,b} → [a, b]; {@code ""} → [] (one total row); null → null (the report's own grain). */
    public static List<String> by(String value) {
        if (value == null) {
            return null;
        }
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
    }

    private static Integer whole(String parameter, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new BadReportRequest(parameter, "'" + value + "' is not a whole number", "a whole number ≥ 0");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
