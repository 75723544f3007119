package io.crmw.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * List mechanics every simulated API shares and words its own way: numeric query parameters, offset slices
 * ({@code after}, {@code start}) and opaque page tokens.
 */
public final class Paging {

  /** Items {@code [start, start + limit)} of a list, and where the next slice starts (null at the end). */
  public record Slice<T>(List<T> items, int start, Integer next) {
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

  public static <T> Slice<T> slice(List<T> all, long start, int limit) {
    int from = (int) Math.min(Math.max(0, start), all.size());
    int to = (int) Math.min((long) from + limit, all.size());
    return new Slice<>(all.subList(from, to), from, to < all.size() ? to : null);
  }

  /** An opaque page token for {@code plain}: URL-safe Base64 without padding. */
  public static String token(String plain) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  /** What {@link #token} made the token from; IllegalArgumentException when it is not Base64. */
  public static String plain(String token) {
    return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
  }
}
