package io.crmw.connectors.kit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Optional;

/**
 * The one parser of vendor timestamps. Accepts every form the CRMs send: ISO-8601 instants with 0–9 fractional
 * digits and {@code Z} or an offset with or without a colon ({@code 2024-05-20T14:03:11.000+0000}), UTC wall times
 * without a zone ({@code 2024-05-20 14:03:11}, Pipedrive v1), plain dates (midnight UTC) and epoch milliseconds.
 */
public final class VendorTime {

    private static final DateTimeFormatter OFFSET_DATE_TIME = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd['T'][' ']HH:mm[:ss]")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHmm", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH", "Z").optionalEnd()
            .toFormatter();

    private VendorTime() {}

    /** The instant, or empty when the value is null, blank or unreadable. */
    public static Optional<Instant> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip();
        try {
            if (v.chars().allMatch(Character::isDigit) && v.length() > 8) {
                return Optional.of(Instant.ofEpochMilli(Long.parseLong(v)));
            }
            if (v.length() == 10) {
                return Optional.of(LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC));
            }
            if (v.endsWith("z")) {
                v = v.substring(0, v.length() - 1) + "Z";
            }
            var parsed = OFFSET_DATE_TIME.parse(v);
            if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
                return Optional.of(OffsetDateTime.from(parsed).toInstant());
            }
            return Optional.of(LocalDateTime.from(parsed).toInstant(ZoneOffset.UTC)); // no zone: vendors mean UTC
        } catch (java.time.DateTimeException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Epoch milliseconds of the value, or {@code fallback}. */
    public static long epochMillis(String value, long fallback) {
        return parse(value).map(Instant::toEpochMilli).orElse(fallback);
    }

    /** RFC 3339 in UTC, seconds precision: {@code 2024-05-20T14:03:11Z} (what {@code updated_since} filters take). */
    public static String rfc3339(Instant at) {
        return DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    /** ISO-8601 in UTC with a numeric offset, seconds precision: {@code 2024-05-20T14:03:11+00:00} (Zoho's filters). */
    public static String isoWithOffset(Instant at) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx").format(at.atOffset(ZoneOffset.UTC));
    }

    /** The later of two instants, either may be null. */
    public static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
