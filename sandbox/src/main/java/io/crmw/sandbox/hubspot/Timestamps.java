package io.crmw.sandbox.hubspot;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** HubSpot v3 time rendering: ISO-8601 UTC with as many fraction digits as needed (…:11Z, …:11.5Z, …:11.501Z). */
final class Timestamps {

  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
      .withZone(ZoneOffset.UTC);

  private static final java.util.regex.Pattern INTEGER = java.util.regex.Pattern.compile("-?\\d+");

  private Timestamps() {
  }

  static String format(Instant t) {
    if (t == null) {
      return null;
    }
    int ms = (int) Math.floorMod(t.toEpochMilli(), 1000L);
    String base = SECONDS.format(t);
    if (ms == 0) {
      return base + "Z";
    }
    String frac = Integer.toString(1000 + ms).substring(1); // zero-padded to three digits
    int end = frac.length();
    while (frac.charAt(end - 1) == '0') {
      end--;
    }
    return base + "." + frac.substring(0, end) + "Z";
  }

  /** Date-only properties are served as midnight UTC. */
  static String format(LocalDate d) {
    return d == null ? null : d.atStartOfDay(ZoneOffset.UTC).toInstant().toString();
  }

  /** Epoch ms of an ISO instant, a date, or a number already in ms. */
  static long toEpochMillis(String value) {
    String v = value.trim();
    if (INTEGER.matcher(v).matches()) {
      return Long.parseLong(v);
    }
    if (v.length() == 10) {
      return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }
    return OffsetDateTime.parse(v).toInstant().toEpochMilli();
  }
}
