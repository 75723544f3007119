package io.crmw.sandbox.faults;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * Misbehaviour of a simulated API, decided per matching request (numbered from 1, again from 1 when a plan is set).
 * Deterministic triggers come from the {@code with…} methods, one per kind (a later call for the same kind replaces
 * it); a seeded {@link #chaos} plan adds random faults that replay exactly for the same seed and requests.
 *
 * @param pathContains only requests whose path contains this are affected (null: every API request)
 * @param triggers     deterministic faults by kind
 * @param delayMillis  fixed delay added to every matching response
 * @param stallMillis  how long a {@link Fault.Kind#STALL} drawn by chaos holds its answer
 * @param chaos        random faults, or null
 */
public record FaultPlan(String pathContains, Map<Fault.Kind, Trigger> triggers, long delayMillis, long stallMillis,
                        Chaos chaos) {

  /** {@code fault} on each matching request whose number satisfies {@code on}. */
  public record Trigger(Fault fault, LongPredicate on) {
  }

  /** Each matching request gets, with probability {@code rate}, one of {@code kinds}, drawn by a seeded Random. */
  public record Chaos(long seed, double rate, List<Fault.Kind> kinds) {

    public Chaos {
      if (rate < 0 || rate > 1 || kinds.isEmpty()) {
        throw new IllegalArgumentException("chaos needs a rate in [0, 1] and a kind; got " + rate + ", " + kinds);
      }
    }
  }

  /** Just beyond the connectors' default read timeout (60 s). */
  public static final long DEFAULT_STALL_MILLIS = 65_000;

  public FaultPlan {
    Map<Fault.Kind, Trigger> byKind = new EnumMap<>(Fault.Kind.class);
    byKind.putAll(triggers);
    triggers = Collections.unmodifiableMap(byKind);
  }

  public static FaultPlan none() {
    return new FaultPlan(null, Map.of(), 0, DEFAULT_STALL_MILLIS, null);
  }

  /** Seeded chaos over every kind: short 429s, long 429s, 5xx, resets, broken, empty and stalled answers. */
  public static FaultPlan chaos(long seed, double rate) {
    return none().withChaos(seed, rate, EnumSet.complementOf(EnumSet.of(Fault.Kind.NONE)));
  }

  public boolean isNone() {
    return triggers.isEmpty() && delayMillis == 0 && chaos == null;
  }

  public FaultPlan onlyPathsContaining(String fragment) {
    return new FaultPlan(fragment, triggers, delayMillis, stallMillis, chaos);
  }

  /** Random faults of {@code kinds} on a fraction {@code rate} of the matching requests, replayed by {@code seed}. */
  public FaultPlan withChaos(long seed, double rate, Set<Fault.Kind> kinds) {
    return new FaultPlan(pathContains, triggers, delayMillis, stallMillis, new Chaos(seed, rate, List.copyOf(kinds)));
  }

  /** How long a chaos {@link Fault.Kind#STALL} holds its answer. */
  public FaultPlan withStallMillis(long millis) {
    return new FaultPlan(pathContains, triggers, delayMillis, millis, chaos);
  }

  public FaultPlan withDelayMillis(long millis) {
    return new FaultPlan(pathContains, triggers, millis, stallMillis, chaos);
  }

  /** Requests every, every+1, …, every+burst-1, then 2·every, … get a 429; {@code retryAfterSeconds} or null. */
  public FaultPlan withRateLimitBursts(int every, int burst, Integer retryAfterSeconds) {
    return with(new Fault(Fault.Kind.RATE_LIMIT, 429, retryAfterSeconds, 0),
        n -> every > 0 && n >= every && (n - every) % every < burst);
  }

  public FaultPlan withServerErrorEvery(int every, int status) {
    return with(new Fault(Fault.Kind.SERVER_ERROR, status, null, 0), everyNth(every));
  }

  /** A fraction of the requests, evenly spaced: rate 0.25 fails requests 4, 8, 12, … */
  public FaultPlan withServerErrorRate(double rate, int status) {
    return with(new Fault(Fault.Kind.SERVER_ERROR, status, null, 0),
        n -> rate > 0 && Math.floor(n * rate) > Math.floor((n - 1) * rate));
  }

  public FaultPlan withConnectionResetEvery(int every) {
    return with(new Fault(Fault.Kind.CONNECTION_RESET, 0, null, 0), everyNth(every));
  }

  /** The N-th request gets a truncated JSON body with status 200. */
  public FaultPlan withMalformedBodyOnRequest(int n) {
    return with(new Fault(Fault.Kind.MALFORMED_BODY, 200, null, 0), i -> i == n);
  }

  public FaultPlan withEmptyObjectEvery(int every) {
    return with(new Fault(Fault.Kind.EMPTY_OBJECT, 200, null, 0), everyNth(every));
  }

  public FaultPlan withEmptyDataEvery(int every) {
    return with(new Fault(Fault.Kind.EMPTY_DATA, 200, null, 0), everyNth(every));
  }

  /** Every N-th request gets the vendor's rate-limit answer with {@code Retry-After: 86400}. */
  public FaultPlan withLongRetryAfterEvery(int every) {
    return with(longRetryAfter(), everyNth(every));
  }

  /** Every N-th answer is held {@code millis} before its first byte. */
  public FaultPlan withStallEvery(int every, long millis) {
    return with(new Fault(Fault.Kind.STALL, 200, null, millis), everyNth(every));
  }

  static Fault longRetryAfter() {
    return new Fault(Fault.Kind.LONG_RETRY_AFTER, 429, Fault.LONG_RETRY_AFTER_SECONDS, 0);
  }

  private static LongPredicate everyNth(int every) {
    return n -> every > 0 && n % every == 0;
  }

  private FaultPlan with(Fault fault, LongPredicate on) {
    Map<Fault.Kind, Trigger> t = new EnumMap<>(Fault.Kind.class);
    t.putAll(triggers);
    t.put(fault.kind(), new Trigger(fault, on));
    return new FaultPlan(pathContains, t, delayMillis, stallMillis, chaos);
  }
}
