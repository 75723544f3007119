package io.crmw.sandbox.pipedrive;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Pipedrive's list mechanics over rows: v2 cursor pages (keyset on the sort key and id, so a page boundary survives
 * concurrent changes), {@code updated_since}/{@code updated_until}, equality filters, and v1 offset pages.
 */
final class PdPaging {

  static final int MAX_LIMIT = 500;

  /** A page and the cursor after it (null at the end). */
  record Page(List<PdRow> rows, String nextCursor) {
  }

  /** A request Pipedrive rejects with this status (400 unless said) and message. */
  static final class Invalid extends RuntimeException {
    final int status;

    Invalid(String message) {
      this(400, message);
    }

    Invalid(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  private PdPaging() {
  }

  /** One v2 page: filters from {@code q} (only the names in {@code filters}), then sort, cursor and limit. */
  static Page v2(List<PdRow> all, Map<String, String> q, Set<String> filters) {
    int limit = limit(q, 100, true);
    String[] cursor = q.containsKey("cursor") && !q.get("cursor").isEmpty() ? decode(q.get("cursor")) : null;
    String sortBy = cursor != null ? cursor[0] : q.getOrDefault("sort_by", "id");
    boolean desc = cursor != null ? cursor[1].equals("desc") : "desc".equalsIgnoreCase(q.get("sort_direction"));
    ToLongFunction<PdRow> key = switch (sortBy) {
      case "id" -> PdRow::id;
      case "update_time" -> r -> r.updateTime().getEpochSecond();
      case "add_time" -> r -> r.addTime().getEpochSecond();
      default -> throw new Invalid("Validation failed: sort_by: Invalid enum value. Expected 'id' | 'update_time' | "
          + "'add_time', received '" + sortBy + "'");
    };
    Comparator<PdRow> order = Comparator.comparingLong(key).thenComparingLong(PdRow::id);
    Comparator<PdRow> ordered = desc ? order.reversed() : order;
    Instant since = time(q, "updated_since");
    Instant until = time(q, "updated_until");
    List<PdRow> matching = all.stream()
        .filter(r -> since == null || !r.updateTime().isBefore(since))
        .filter(r -> until == null || r.updateTime().isBefore(until))
        .filter(r -> matches(r, q, filters))
        .filter(r -> cursor == null || compareToCursor(r, key, cursor, desc) > 0)
        .sorted(ordered).limit(limit + 1L).toList();
    if (matching.size() <= limit) {
      return new Page(matching, null);
    }
    PdRow last = matching.get(limit - 1);
    return new Page(matching.subList(0, limit), encode(sortBy + ":" + (desc ? "desc" : "asc") + ":"
        + key.applyAsLong(last) + ":" + last.id()));
  }

  /** v1 {@code start}/{@code limit}; returns [start, end) of the slice. */
  static int[] offset(int size, Map<String, String> q) {
    int limit = limit(q, 100, false);
    int start = Math.max(0, integer(q, "start", 0));
    return new int[] {Math.min(start, size), Math.min(size, start + limit)};
  }

  static int limit(Map<String, String> q, int dflt, boolean strict) {
    int limit = integer(q, "limit", dflt);
    if (limit < 1 || limit > MAX_LIMIT) {
      if (!strict) {
        return Math.max(1, Math.min(limit, MAX_LIMIT));
      }
      throw new Invalid("Validation failed: limit: Number must be " + (limit < 1 ? "greater than or equal to 1"
          : "less than or equal to " + MAX_LIMIT));
    }
    return limit;
  }

  static int integer(Map<String, String> q, String name, int dflt) {
    String v = q.get(name);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new Invalid("Validation failed: " + name + ": Expected number, received string");
    }
  }

  static String encode(String plain) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  /** The parts of a cursor this simulator issued; anything else is a 400, as Pipedrive answers a foreign cursor. */
  static String[] decode(String cursor) {
    try {
      String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":");
      if (parts.length != 4 && parts.length != 1) {
        throw new IllegalArgumentException(cursor);
      }
      Arrays.stream(parts).skip(parts.length == 4 ? 2 : 0).forEach(Long::parseLong);
      return parts;
    } catch (IllegalArgumentException e) {
      throw new Invalid("Invalid cursor");
    }
  }

  private static int compareToCursor(PdRow r, ToLongFunction<PdRow> key, String[] cursor, boolean desc) {
    int c = Long.compare(key.applyAsLong(r), Long.parseLong(cursor[2]));
    if (c == 0) {
      c = Long.compare(r.id(), Long.parseLong(cursor[3]));
    }
    return desc ? -c : c;
  }

  private static boolean matches(PdRow r, Map<String, String> q, Set<String> filters) {
    for (String f : filters) {
      String wanted = q.get(f);
      if (wanted != null && !wanted.isEmpty()) {
        String name = f.equals("ids") ? "id" : f;
        Object actual = r.json().get(name);
        if (actual == null || Arrays.stream(wanted.split(",")).noneMatch(w -> w.trim().equals(actual.toString()))) {
          return false;
        }
      }
    }
    return true;
  }

  private static Instant time(Map<String, String> q, String name) {
    String v = q.get(name);
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(v.trim()).toInstant();
    } catch (DateTimeParseException e) {
      throw new Invalid("Validation failed: " + name + ": Invalid datetime, expected RFC3339 (e.g. "
          + "2024-05-01T00:00:00Z)");
    }
  }
}
