package io.crmw.sandbox.pipedrive;

import io.crmw.sandbox.Paging;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Pipedrive's v2 list mechanics over rows: cursor pages (keyset on the sort key and id, so a page boundary survives
 * concurrent changes), {@code updated_since}/{@code updated_until}, equality filters; and its wording of bad input.
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
    int limit = limit(q, true);
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
    // the cursor's (key, id) as a row, whichever time the key is
    PdRow after = cursor == null ? null : new PdRow(Long.parseLong(cursor[3]), Instant.ofEpochSecond(
        Long.parseLong(cursor[2])), Instant.ofEpochSecond(Long.parseLong(cursor[2])), Map.of());
    Instant since = time(q, "updated_since");
    Instant until = time(q, "updated_until");
    List<PdRow> matching = all.stream()
        .filter(r -> since == null || !r.updateTime().isBefore(since))
        .filter(r -> until == null || r.updateTime().isBefore(until))
        .filter(r -> matches(r, q, filters))
        .filter(r -> after == null || ordered.compare(r, after) > 0)
        .sorted(ordered).limit(limit + 1L).toList();
    if (matching.size() <= limit) {
      return new Page(matching, null);
    }
    PdRow last = matching.get(limit - 1);
    return new Page(matching.subList(0, limit), Paging.token(sortBy + ":" + (desc ? "desc" : "asc") + ":"
        + key.applyAsLong(last) + ":" + last.id()));
  }

  /** {@code limit} (default 100): v2 refuses one outside 1–500, v1 clamps it. */
  static int limit(Map<String, String> q, boolean strict) {
    int limit = integer(q, "limit", 100);
    if (limit >= 1 && limit <= MAX_LIMIT || !strict) {
      return Math.max(1, Math.min(limit, MAX_LIMIT));
    }
    throw new Invalid("Validation failed: limit: Number must be " + (limit < 1 ? "greater than or equal to 1"
        : "less than or equal to " + MAX_LIMIT));
  }

  static int integer(Map<String, String> q, String name, int dflt) {
    return (int) Paging.number(q, name, dflt, v -> new Invalid("Validation failed: " + name
        + ": Expected number, received string"));
  }

  /** The parts of a cursor this simulator issued; anything else is a 400, as Pipedrive answers a foreign cursor. */
  static String[] decode(String cursor) {
    try {
      String[] parts = Paging.plain(cursor).split(":");
      if (parts.length != 4 && parts.length != 1) {
        throw new IllegalArgumentException(cursor);
      }
      Arrays.stream(parts).skip(parts.length == 4 ? 2 : 0).forEach(Long::parseLong);
      return parts;
    } catch (IllegalArgumentException e) {
      throw new Invalid("Invalid cursor");
    }
  }

  private static boolean matches(PdRow r, Map<String, String> q, Set<String> filters) {
    for (String f : filters) {
      String wanted = q.get(f);
      Object actual = r.json().get(f.equals("ids") ? "id" : f);
      if (wanted != null && !wanted.isEmpty() && (actual == null
          || Arrays.stream(wanted.split(",")).noneMatch(w -> w.trim().equals(actual.toString())))) {
        return false;
      }
    }
    return true;
  }

  private static Instant time(Map<String, String> q, String name) {
    String v = q.get(name);
    try {
      return v == null || v.isBlank() ? null : OffsetDateTime.parse(v.trim()).toInstant();
    } catch (DateTimeParseException e) {
      throw new Invalid("Validation failed: " + name + ": Invalid datetime, expected RFC3339 (e.g. "
          + "2024-05-01T00:00:00Z)");
    }
  }
}
