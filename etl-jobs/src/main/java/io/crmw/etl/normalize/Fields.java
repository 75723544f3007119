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

    /** The first of several fields with a non-blank text value (e.g. optional custom fields), or null. */
    public String firstText(String... fields) {
        for (String field : fields) {
            String s = text(field);
            if (s != null) {
                return s;
            }
        }
        return null;
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
     * An instant from ISO-8601 with any fractional digits and a Z or offset ({@code +02:00} or {@code +0200}), a
     * zone-less date-time ({@code 2024-05-20 14:03:11} or with a T) or a date (both taken as UTC), or epoch
     * milliseconds.
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

    /** The one parser of vendor times (see {@link #instant}); null when the value has none of those shapes. */
    public static Instant parseInstant(String s) {
        if (isDigits(s)) {
            try {
                return Instant.ofEpochMilli(Long.parseLong(s));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        Instant fast = parseUtcFast(s);
        if (fast != null) {
            return fast;
        }
        try {
            return OffsetDateTime.parse(isoOffset(s)).toInstant();
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

    /** {@code +0000} / {@code -0530} ending a datetime → {@code Z} / {@code -05:30} (Salesforce); else unchanged. */
    static String isoOffset(String s) {
        int n = s.length();
        if (n < 16 || s.indexOf('T') < 0) {
            return s;
        }
        char sign = s.charAt(n - 5);
        if (sign != '+' && sign != '-') {
            return s;
        }
        for (int i = n - 4; i < n; i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return s;
            }
        }
        if (s.endsWith("+0000") || s.endsWith("-0000")) {
            return s.substring(0, n - 5) + 'Z';
        }
        return s.substring(0, n - 2) + ':' + s.substring(n - 2);
    }

    /**
     * The common shape {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z}, parsed by hand (the general parser costs
     * about a microsecond per value); anything else returns null for the general path.
     */
    private static Instant parseUtcFast(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        if ((year | month | day | hour | minute | second) < 0 || month < 1 || month > 12 || day < 1
                || day > 31 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            if (s.charAt(19) != '.' || n - 21 > 9 || n == 21) {
                return null;
            }
            int frac = digits(s, 20, n - 1);
            if (frac < 0) {
                return null;
            }
            nanos = frac;
            for (int i = n - 21; i < 9; i++) {
                nanos *= 10;
            }
        } else if (n != 20) {
            return null;
        }
        if (day > 28 && day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            return null;
        }
        long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400L + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The non-negative number in s[from, to), or -1 if a character is not a digit. */
    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
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
