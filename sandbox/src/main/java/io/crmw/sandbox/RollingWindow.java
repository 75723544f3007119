package io.crmw.sandbox.hubspot;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/** A rolling-window request budget (HubSpot's ten-secondly burst limit, or the search API's secondly limit). */
final class RateLimits {

  private final int max;
  private final long windowMillis;
  private final LongSupplier clock;
  private final Deque<Long> admitted = new ArrayDeque<>();

  RateLimits(int max, long windowMillis, LongSupplier clock) {
    this.max = max;
    this.windowMillis = windowMillis;
    this.clock = clock;
  }

  int max() {
    return max;
  }

  long windowMillis() {
    return windowMillis;
  }

  /** Admits the request and returns the remaining budget, or returns -1 when the window is full. max 0 disables. */
  synchronized int tryAcquire() {
    long now = clock.getAsLong();
    while (!admitted.isEmpty() && admitted.peekFirst() <= now - windowMillis) {
      admitted.pollFirst();
    }
    if (max > 0 && admitted.size() >= max) {
      return -1;
    }
    admitted.addLast(now);
    return max <= 0 ? Integer.MAX_VALUE : max - admitted.size();
  }
}
