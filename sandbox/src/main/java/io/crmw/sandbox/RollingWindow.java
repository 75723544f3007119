package io.crmw.sandbox;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * A rolling-window request budget: HubSpot's ten-secondly burst and secondly search limits, Pipedrive's 2-second
 * burst window. A max of 0 disables it.
 */
public final class RollingWindow {

  private final int max;
  private final long windowMillis;
  private final LongSupplier clock;
  private final Deque<Long> admitted = new ArrayDeque<>();

  public RollingWindow(int max, long windowMillis, LongSupplier clock) {
    this.max = max;
    this.windowMillis = windowMillis;
    this.clock = clock;
  }

  public int max() {
    return max;
  }

  /** Admits the request and returns the remaining budget, or returns -1 when the window is full. */
  public synchronized int tryAcquire() {
    long now = expire();
    if (max > 0 && admitted.size() >= max) {
      return -1;
    }
    admitted.addLast(now);
    return max <= 0 ? Integer.MAX_VALUE : max - admitted.size();
  }

  /** Requests the window would admit now. */
  public synchronized int remaining() {
    expire();
    return Math.max(0, max - admitted.size());
  }

  /** Whole seconds (at least 1) until the oldest admitted request leaves the window, or a whole window if empty. */
  public synchronized long secondsToReset() {
    long now = expire();
    long millis = admitted.isEmpty() ? windowMillis : admitted.peekFirst() + windowMillis - now;
    return Math.max(1, (millis + 999) / 1000);
  }

  private long expire() {
    long now = clock.getAsLong();
    while (!admitted.isEmpty() && admitted.peekFirst() <= now - windowMillis) {
      admitted.pollFirst();
    }
    return now;
  }
}
