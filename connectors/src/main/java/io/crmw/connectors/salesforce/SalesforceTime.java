package io.crmw.connectors.salesforce;

import io.crmw.connectors.kit.VendorTime;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Salesforce datetimes: REST sends {@code 2024-05-20T14:03:11.000+0000}, Bulk CSV {@code …11.000Z}, SOQL wants UTC. */
final class SalesforceTime {

    private static final DateTimeFormatter REST = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx");

    private SalesforceTime() {}

    /** An instant from any of the forms above; null when unreadable. */
    static Instant parse(String value) {
        return VendorTime.parse(value).orElse(null);
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
