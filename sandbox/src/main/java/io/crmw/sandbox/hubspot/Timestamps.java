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
    String frac = String.format("%03d", ms);
    while (frac.endsWith("0")) {
      frac = frac.substring(0, frac.length() - 1);
    }
    return base + "." + frac + "Z";
  }

  /** Date-only properties are served as midnight UTC. */
  static String format(LocalDate d) {
    return d == null ? null : d.atStartOfDay(ZoneOffset.UTC).toInstant().toString();
  }

  /** Epoch ms of an ISO instant, a date, or a number already in ms. */
  static long toEpochMillis(String value) {
    String v = value.trim();
    if (v.matches("-?\\d+")) {
      return Long.parseLong(v);
    }
    if (v.length() == 10) {
      return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }
    return OffsetDateTime.parse(v).toInstant().toEpochMilli();
  }
}
