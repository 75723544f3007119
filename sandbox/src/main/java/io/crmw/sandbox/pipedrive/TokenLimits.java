package io.crmw.sandbox.pipedrive;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Pipedrive's token-based limits: a burst window of requests per rolling 2 s (headers {@code x-ratelimit-*} on every
 * answer) and a daily token budget, spent by each admitted request's cost. 0 disables either.
 */
final class TokenLimits {

  private static final long WINDOW_MILLIS = 2_000;

  /** {@code admitted}, or refused for the burst window or for the spent daily budget; headers to send either way. */
  record Verdict(boolean admitted, boolean dailyBudgetSpent, Map<String, String> headers) {
  }

  private final int burst;
  private final long dailyBudget;
  private final LongSupplier clock;
  private final Deque<Long> window = new ArrayDeque<>();
  private long used;

  TokenLimits(int burst, long dailyBudget, LongSupplier clock) {
    this.burst = burst;
    this.dailyBudget = dailyBudget;
    this.clock = clock;
  }

  synchronized Verdict admit(int cost) {
    long now = clock.getAsLong();
    while (!window.isEmpty() && window.peekFirst() <= now - WINDOW_MILLIS) {
      window.pollFirst();
    }
    if (dailyBudget > 0 && used >= dailyBudget) {
      return new Verdict(false, true, headers(now));
    }
    if (burst > 0 && window.size() >= burst) {
      Map<String, String> h = headers(now);
      h.put("Retry-After", h.get("x-ratelimit-reset"));
      return new Verdict(false, false, h);
    }
    window.addLast(now);
    used += cost;
    return new Verdict(true, false, headers(now));
  }

  private Map<String, String> headers(long now) {
    Map<String, String> h = new LinkedHashMap<>();
    if (burst > 0) {
      long resetMillis = window.isEmpty() ? WINDOW_MILLIS : window.peekFirst() + WINDOW_MILLIS - now;
      h.put("x-ratelimit-limit", Integer.toString(burst));
      h.put("x-ratelimit-remaining", Integer.toString(Math.max(0, burst - window.size())));
      h.put("x-ratelimit-reset", Long.toString(Math.max(1, (resetMillis + 999) / 1000)));
    }
    return h;
  }

  synchronized long used() {
    return used;
  }

  synchronized void resetDailyBudget() {
    used = 0;
  }
}
