package io.crmw.connectors.hubspot;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** HubSpot timestamps: ISO-8601 with 0–9 fractional digits, offsets, date-only values, or epoch milliseconds. */
final class HubSpotTime {

    private HubSpotTime() {}

    static Optional<Instant> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip();
        try {
            if (v.chars().allMatch(Character::isDigit)) {
                return Optional.of(Instant.ofEpochMilli(Long.parseLong(v)));
            }
            if (v.length() == 10) {
                return Optional.of(LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC));
            }
            if (v.endsWith("Z") || v.endsWith("z")) {
                return Optional.of(Instant.parse(v.substring(0, v.length() - 1) + "Z"));
            }
            return Optional.of(OffsetDateTime.parse(v).toInstant());
        } catch (DateTimeParseException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    static long epochMillis(String value, long fallback) {
        return parse(value).map(Instant::toEpochMilli).orElse(fallback);
    }
}
