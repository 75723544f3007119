package io.crmw.connectors.salesforce;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/** Salesforce datetimes: REST sends {@code 2024-05-20T14:03:11.000+0000}, Bulk CSV {@code …11.000Z}, SOQL wants UTC. */
final class SalesforceTime {

    private static final DateTimeFormatter PARSE = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd'T'HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .appendOffset("+HHmm", "Z")
            .toFormatter();
    private static final DateTimeFormatter PARSE_COLON = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    private static final DateTimeFormatter REST = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx");

    private SalesforceTime() {}

    /** An instant from any of the forms above; null when unreadable. */
    static Instant parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value, PARSE).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(value, PARSE_COLON).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /** The REST form of a datetime; the value unchanged when unreadable. */
    static String restForm(String value) {
        Instant at = parse(value);
        return at == null ? value : REST.format(at.atOffset(ZoneOffset.UTC));
    }

    /** A SOQL datetime literal (unquoted, UTC): {@code 2024-05-20T14:03:11Z}. */
    static String literal(String instant) {
        return Instant.parse(instant).toString();
    }

    /** {@code instant − lookback} as an ISO instant. */
    static String minus(String instant, Duration lookback) {
        return Instant.parse(instant).minus(lookback).toString();
    }

    /** The later of two ISO instants (either may be null). */
    static String max(String a, String b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return Instant.parse(a).isAfter(Instant.parse(b)) ? a : b;
    }
}
