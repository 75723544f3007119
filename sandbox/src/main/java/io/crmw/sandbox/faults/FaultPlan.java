package io.crmw.sandbox.faults;

/**
 * Deterministic misbehaviour, driven by a counter of matching requests (1-based, reset when a plan is set), never by
 * chance, so a failing test replays exactly. Start from {@link #none()} and add faults with the {@code with…} methods.
 *
 * @param pathContains           only requests whose path contains this are affected (null: every API request)
 * @param rateLimitEvery         starting at request N, every N-th request opens a burst of 429s (0: off)
 * @param rateLimitBurst         how many consecutive requests each 429 burst lasts
 * @param retryAfterSeconds      value of the {@code Retry-After} header on injected 429s (null: header absent)
 * @param serverErrorEvery       every N-th request fails with {@code serverErrorStatus} (0: off)
 * @param serverErrorRate        fraction of requests that fail with {@code serverErrorStatus}, evenly spaced (0: off)
 * @param serverErrorStatus      500, 502 or 503
 * @param delayMillis            fixed delay added to every matching response
 * @param connectionResetEvery   every N-th request gets its connection reset by peer (0: off)
 * @param malformedBodyOnRequest the N-th request gets a truncated JSON body with status 200 (0: off)
 */
public record FaultPlan(String pathContains, int rateLimitEvery, int rateLimitBurst, Integer retryAfterSeconds,
                        int serverErrorEvery, double serverErrorRate, int serverErrorStatus, long delayMillis,
                        int connectionResetEvery, int malformedBodyOnRequest) {

  public static FaultPlan none() {
    return new FaultPlan(null, 0, 0, null, 0, 0.0, 503, 0, 0, 0);
  }

  public boolean isNone() {
    return rateLimitEvery == 0 && serverErrorEvery == 0 && serverErrorRate == 0.0 && delayMillis == 0
        && connectionResetEvery == 0 && malformedBodyOnRequest == 0;
  }

  public FaultPlan onlyPathsContaining(String fragment) {
    return new FaultPlan(fragment, rateLimitEvery, rateLimitBurst, retryAfterSeconds, serverErrorEvery,
        serverErrorRate, serverErrorStatus, delayMillis, connectionResetEvery, malformedBodyOnRequest);
  }

  /** Requests every, every+1, …, every+burst-1, then 2·every, … get a 429; {@code retryAfterSeconds} may be null. */
  public FaultPlan withRateLimitBursts(int every, int burst, Integer retryAfterSeconds) {
    return new FaultPlan(pathContains, every, burst, retryAfterSeconds, serverErrorEvery, serverErrorRate,
        serverErrorStatus, delayMillis, connectionResetEvery, malformedBodyOnRequest);
  }

  public FaultPlan withServerErrorEvery(int every, int status) {
    return new FaultPlan(pathContains, rateLimitEvery, rateLimitBurst, retryAfterSeconds, every, 0.0, status,
        delayMillis, connectionResetEvery, malformedBodyOnRequest);
  }

  public FaultPlan withServerErrorRate(double rate, int status) {
    return new FaultPlan(pathContains, rateLimitEvery, rateLimitBurst, retryAfterSeconds, 0, rate, status,
        delayMillis, connectionResetEvery, malformedBodyOnRequest);
  }

  public FaultPlan withDelayMillis(long millis) {
    return new FaultPlan(pathContains, rateLimitEvery, rateLimitBurst, retryAfterSeconds, serverErrorEvery,
        serverErrorRate, serverErrorStatus, millis, connectionResetEvery, malformedBodyOnRequest);
  }

  public FaultPlan withConnectionResetEvery(int every) {
    return new FaultPlan(pathContains, rateLimitEvery, rateLimitBurst, retryAfterSeconds, serverErrorEvery,
        serverErrorRate, serverErrorStatus, delayMillis, every, malformedBodyOnRequest);
  }

  public FaultPlan withMalformedBodyOnRequest(int n) {
    return new FaultPlan(pathContains, rateLimitEvery, rateLimitBurst, retryAfterSeconds, serverErrorEvery,
        serverErrorRate, serverErrorStatus, delayMillis, connectionResetEvery, n);
  }
}
