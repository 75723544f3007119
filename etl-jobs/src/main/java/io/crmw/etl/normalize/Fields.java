package io.crmw.etl.normalize;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Lenient typed reads of one JSON object's fields (vendor-neutral): empty strings are null; a value that
 * does not parse is null plus one WARN naming source, stream, record id and field, so one bad field never
 * fails a run.
 */
public final class Fields {

    private static final Logger log = LoggerFactory.getLogger(Fields.class);

    private final RawRow raw;
    private final JsonNode node;

    public Fields(RawRow raw, JsonNode node) {
        this.raw = raw;
        this.node = node == null ? tools.jackson.databind.node.MissingNode.getInstance() : node;
    }

    /** Reads the fields of an object nested in the payload, e.g. HubSpot's {@code properties}. */
    public static Fields of(RawRow raw, String objectField) {
        return new Fields(raw, raw.payload().path(objectField));
    }

    /** Reads the payload's top-level fields. */
    public static Fields top(RawRow raw) {
        return new Fields(raw, raw.payload());
    }

    public JsonNode node() {
        return node;
    }

    /** The trimmed text value, or null when absent, JSON null or blank. */
    public String text(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || v.isMissingNode() || v.isContainer()) {
            return null;
        }
        String s = v.asString().trim();
        return s.isEmpty() ? null : s;
    }

    /** Lower-cased text, or null. */
    public String lower(String field) {
        String s = text(field);
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    public BigDecimal decimal(String field, int scale) {
        String s = text(field);
        if (s == null) {
            return null;
        }
        try {
            return new BigDecimal(s.replace(",", "")).setScale(scale, RoundingMode.HALF_UP);
        } catch (NumberFormatException e) {
            return bad(field, s, "a number");
        }
    }

    public Double number(String field) {
        String s = text(field);
        if (s == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(s);
            return Double.isFinite(d) ? d : bad(field, s, "a finite number");
        } catch (NumberFormatException e) {
            return bad(field, s, "a number");
        }
    }

    /** A whole number; accepts {@code "12"} and {@code "12.0"}. */
    public Long whole(String field) {
        String s = text(field);
        if (s == null) {
            return null;
        }
        try {
            return new BigDecimal(s).setScale(0, RoundingMode.HALF_UP).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            return bad(field, s, "a whole number");
        }
    }

    public Integer integer(String field) {
        Long l = whole(field);
        if (l == null) {
            return null;
        }
        if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
            return bad(field, l.toString(), "an integer");
        }
        return l.intValue();
    }

    /** {@code true}/{@code false} (JSON booleans or strings, any case), else null. */
    public Boolean bool(String field) {
        String s = lower(field);
        if (s == null) {
            return null;
        }
        return switch (s) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> bad(field, s, "true or false");
        };
    }

    /**
     * An instant from ISO-8601 with any fractional digits and a Z or offset, a zone-less date-time or a date
     * (both taken as UTC), or epoch milliseconds.
     */
    public Instant instant(String field) {
        String s = text(field);
        if (s == null) {
            return null;
        }
        Instant i = parseInstant(s);
        return i != null ? i : bad(field, s, "an ISO-8601 instant or epoch milliseconds");
    }

    /** The UTC calendar date of a date or instant value (vendors send dates as midnight UTC). */
    public LocalDate date(String field) {
        Instant i = instant(field);
        return i == null ? null : LocalDate.ofInstant(i, ZoneOffset.UTC);
    }

    static Instant parseInstant(String s) {
        if (isDigits(s)) {
            try {
                return Instant.ofEpochMilli(Long.parseLong(s));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException ignored) {
            // fall through to the less common shapes
        }
        try {
            return LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // fall through
        }
        try {
            return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException ignored) {
            return null;
        }
    }

    private static boolean isDigits(String s) {
        int start = s.startsWith("-") ? 1 : 0;
        if (s.length() == start) {
            return false;
        }
        for (int i = start; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private <T> T bad(String field, String value, String expected) {
        String shown = value.length() > 60 ? value.substring(0, 60) + "…" : value;
        log.warn("source '{}' stream '{}' record '{}': field '{}' = '{}' is not {}; stored as null",
                raw.source(), raw.stream(), raw.id(), field, shown, expected);
        return null;
    }
}
