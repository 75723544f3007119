package io.crmw.sandbox.faults;

/** What to do to one request; {@code delayMillis} applies on top of any kind. */
public record Fault(Kind kind, int status, Integer retryAfterSeconds, long delayMillis) {

  public enum Kind { NONE, RATE_LIMIT, SERVER_ERROR, CONNECTION_RESET, MALFORMED_BODY }

  public static final Fault NONE = new Fault(Kind.NONE, 0, null, 0);
}
