package io.crmw.sandbox;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A daily allocation that admitted requests spend by their cost: Salesforce's daily API requests (1 each), Pipedrive's
 * daily token budget (a cost per endpoint). A limit of 0 disables it; usage is counted either way.
 */
public final class DailyBudget {

  private final AtomicLong used = new AtomicLong();
  private volatile long limit;

  public DailyBudget(long limit) {
    this.limit = limit;
  }

  /** Whether today's allocation is used up, so a request now is refused. */
  public boolean spent() {
    long max = limit;
    return max > 0 && used.get() >= max;
  }

  /** Counts an admitted request of this cost; returns the usage after it. */
  public long spend(long cost) {
    return used.addAndGet(cost);
  }

  public long used() {
    return used.get();
  }

  public long limit() {
    return limit;
  }

  /** A new limit (0 disables it); usage so far is kept. */
  public void limit(long max) {
    this.limit = max;
  }

  /** A new day: usage back to 0. */
  public void reset() {
    used.set(0);
  }
}
