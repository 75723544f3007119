package io.crmw.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * List mechanics every simulated API shares and words its own way: numeric query parameters, offset slices
 * ({@code after}, {@code start}), opaque page tokens and keyset pages.
 */
public final class Paging {

  /** Items {@code [start, start + limit)} of a list, and where the next slice starts (null at the end). */
  public record Slice<T>(List<T> items, int start, Integer next) {
  }

  /** A record as a keyset list serves it: its id, the times lists filter and sort on, and its JSON fields. */
  public record Row(long id, Instant created, Instant updated, Map<String, Object> fields) {

    /** This row without one field (an optional field the client did not ask for). */
    public Row without(String field) {
      Map<String, Object> rest = new LinkedHashMap<>(fields);
      rest.remove(field);
      return new Row(id, created, updated, rest);
    }
  }

  /** A keyset page and the token of the next one (null at the end). */
  public record Page<T>(List<T> items, String nextToken) {
  }

  /**
   * What a keyset page asks for. {@code sortBy} and {@code descending} apply without a token (a token carries its
   * own order); {@code updatedSince} (inclusive) and {@code updatedUntil} (exclusive) may be null; {@code equal}
   * maps a field to the comma-separated values it may have.
   */
  public record KeysetQuery(String sortBy, boolean descending, String token, int limit, Instant updatedSince,
                            Instant updatedUntil, Map<String, String> equal) {
  }

  /**
   * A list paged by keyset, as cursor APIs page: rows in the order of a named key, ties by id; a page of
   * {@code limit} read as limit + 1 to know whether more follow; a token holding the order and the last row's key
   * and id, so a page boundary holds while rows are added, changed or removed.
   *
   * @param sortKeys the orders a client may ask for, by name, each a whole number per row (epoch seconds, an id)
   * @param id       the row's id, the tie-break
   * @param updated  the row's update time, for {@code updatedSince} and {@code updatedUntil}
   * @param fields   the row's fields, for {@code equal}
   */
  public record Keyset<T>(Map<String, ToLongFunction<T>> sortKeys, ToLongFunction<T> id,
                          Function<T, Instant> updated, Function<T, Map<String, Object>> fields) {

    /** A keyset of {@link Row}s, sorted by id or by either time (epoch seconds) under the vendor's names for them. */
    public static Keyset<Row> ofRows(String id, String created, String updated) {
      return new Keyset<>(Map.of(id, Row::id, created, r -> r.created().getEpochSecond(),
          updated, r -> r.updated().getEpochSecond()), Row::id, Row::updated, Row::fields);
    }

    /** One page; IllegalArgumentException for a sort key not declared or a token this keyset did not make. */
    public Page<T> page(List<T> rows, KeysetQuery q) {
      String[] after = q.token() == null ? null : plain(q.token()).split(":");
      if (after != null && (after.length != 4 || !after[1].matches("asc|desc"))) {
        throw new IllegalArgumentException("not a keyset token: " + q.token());
      }
      String sortBy = after == null ? q.sortBy() : after[0];
      boolean desc = after == null ? q.descending() : after[1].equals("desc");
      ToLongFunction<T> key = sortKeys.get(sortBy);
      if (key == null) {
        throw new IllegalArgumentException("not a sort key: " + sortBy);
      }
      Comparator<T> order = Comparator.comparingLong(key).thenComparingLong(id);
      Comparator<T> ordered = desc ? order.reversed() : order;
      long[] last = after == null ? null : new long[] {Long.parseLong(after[2]), Long.parseLong(after[3])};
      Predicate<T> past = r -> {
        int c = key.applyAsLong(r) != last[0] ? Long.compare(key.applyAsLong(r), last[0])
            : Long.compare(id.applyAsLong(r), last[1]);
        return desc ? c < 0 : c > 0;
      };
      List<T> matching = rows.stream()
          .filter(r -> q.updatedSince() == null || !updated.apply(r).isBefore(q.updatedSince()))
          .filter(r -> q.updatedUntil() == null || updated.apply(r).isBefore(q.updatedUntil()))
          .filter(r -> q.equal().entrySet().stream()
              .allMatch(e -> oneOf(e.getValue(), fields.apply(r).get(e.getKey()))))
          .filter(r -> last == null || past.test(r)).sorted(ordered).limit(q.limit() + 1L).toList();
      if (matching.size() <= q.limit()) {
        return new Page<>(matching, null);
      }
      T end = matching.get(q.limit() - 1);
      return new Page<>(matching.subList(0, q.limit()), after(sortBy, desc, key.applyAsLong(end), id.applyAsLong(end)));
    }

    /** The token of the position just past a row whose key is {@code key} (a cursor a client may keep and resume at). */
    public static String after(String sortBy, boolean descending, long key, long id) {
      return token(sortBy + ":" + (descending ? "desc" : "asc") + ":" + key + ":" + id);
    }

    /** The token just past {@code row} in the order {@code sortBy}, ascending. */
    public String after(String sortBy, T row) {
      return after(sortBy, false, sortKeys.get(sortBy).applyAsLong(row), id.applyAsLong(row));
    }

    private static boolean oneOf(String wanted, Object actual) {
      return actual != null && Arrays.stream(wanted.split(",")).anyMatch(w -> w.trim().equals(actual.toString()));
    }
  }

  private Paging() {
  }

  /**
   * The number in query parameter {@code name}; {@code dflt} when it is absent or blank. Anything else is refused
   * with the vendor's exception, made from the value.
   */
  public static long number(Map<String, String> q, String name, long dflt,
                            Function<String, ? extends RuntimeException> refused) {
    String v = q.get(name);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw refused.apply(v);
    }
  }

  /** The RFC 3339 time in query parameter {@code name}; null when absent or blank; else refused as {@link #number}. */
  public static Instant time(Map<String, String> q, String name, Function<String, ? extends RuntimeException> refused) {
    String v = q.get(name);
    try {
      return v == null || v.isBlank() ? null : OffsetDateTime.parse(v.trim()).toInstant();
    } catch (DateTimeParseException e) {
      throw refused.apply(v);
    }
  }

  public static <T> Slice<T> slice(List<T> all, long start, int limit) {
    int from = (int) Math.min(Math.max(0, start), all.size());
    int to = (int) Math.min((long) from + limit, all.size());
    return new Slice<>(all.subList(from, to), from, to < all.size() ? to : null);
  }

  /** An opaque page token for {@code plain}: URL-safe Base64 without padding. */
  public static String token(String plain) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  /** The offset in a token made of one ({@code token("40")}); IllegalArgumentException for any other token. */
  public static int offset(String token) {
    return Integer.parseInt(plain(token));
  }

  /** What {@link #token} made the token from; IllegalArgumentException when it is not Base64. */
  public static String plain(String token) {
    return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
  }
}
