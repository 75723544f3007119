package io.crmw.sandbox.pipedrive;

import io.crmw.sandbox.DailyBudget;
import io.crmw.sandbox.RollingWindow;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Pipedrive's token-based limits: a burst window of requests per rolling 2 s (headers {@code x-ratelimit-*} on every
 * answer) and a daily token budget, spent by each admitted request's cost. 0 disables either.
 */
final class TokenLimits {

  /** {@code admitted}, or refused for the burst window or for the spent daily budget; headers to send either way. */
  record Verdict(boolean admitted, boolean dailyBudgetSpent, Map<String, String> headers) {
  }

  private final RollingWindow burst;
  final DailyBudget daily;

  TokenLimits(int burst, long dailyBudget, LongSupplier clock) {
    this.burst = new RollingWindow(burst, 2_000, clock);
    this.daily = new DailyBudget(dailyBudget);
  }

  synchronized Verdict admit(int cost) {
    if (daily.spent()) {
      return new Verdict(false, true, headers(burst.remaining(), false));
    }
    int remaining = burst.tryAcquire();
    daily.spend(remaining < 0 ? 0 : cost);
    return new Verdict(remaining >= 0, false, headers(Math.max(0, remaining), remaining < 0));
  }

  private Map<String, String> headers(int remaining, boolean refused) {
    Map<String, String> h = new LinkedHashMap<>();
    if (burst.max() > 0) {
      String reset = Long.toString(burst.secondsToReset());
      h.put("x-ratelimit-limit", Integer.toString(burst.max()));
      h.put("x-ratelimit-remaining", Integer.toString(remaining));
      h.put("x-ratelimit-reset", reset);
      if (refused) {
        h.put("Retry-After", reset);
      }
    }
    return h;
  }
}
