package io.crmw.sandbox.faults;

import java.util.Map;

/** What to do to one request; the answer is held {@code delayMillis} whatever the kind (a stall, the plan's delay). */
public record Fault(Kind kind, int status, Integer retryAfterSeconds, long delayMillis) {

  /** The kinds, in order of precedence when deterministic triggers of several kinds match one request. */
  public enum Kind {
    NONE,
    /** The connection is reset by peer; no answer at all. */
    CONNECTION_RESET,
    /** The vendor's rate-limit answer (429 where the vendor sends one), {@code Retry-After} short or absent. */
    RATE_LIMIT,
    /** The vendor's rate-limit answer with {@code Retry-After: 86400}: come back tomorrow. */
    LONG_RETRY_AFTER,
    /** The vendor's 500, 502 or 503. */
    SERVER_ERROR,
    /** The real answer with status 200 and its body cut in half (invalid JSON). */
    MALFORMED_BODY,
    /** 200 with the body {@code {}}. */
    EMPTY_OBJECT,
    /** 200 with the real answer's envelope but no records: its top-level arrays removed ({@code {}} if none). */
    EMPTY_DATA,
    /** The real answer, held longer than a client's read timeout. */
    STALL
  }

  public static final Fault NONE = new Fault(Kind.NONE, 0, null, 0);

  /** Seconds in {@code Retry-After} of a {@link Kind#LONG_RETRY_AFTER}: a day. */
  public static final int LONG_RETRY_AFTER_SECONDS = 86_400;

  /** {@code Retry-After} of an injected rate limit, or no header when the plan gives none. */
  public Map<String, String> retryAfterHeader() {
    return retryAfterSeconds == null ? Map.of() : Map.of("Retry-After", Integer.toString(retryAfterSeconds));
  }

  Fault delayedBy(long millis) {
    return millis == 0 ? this : new Fault(kind, status, retryAfterSeconds, delayMillis + millis);
  }
}
