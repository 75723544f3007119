package io.crmw.sandbox.faults;

import java.util.concurrent.atomic.AtomicLong;

/** Applies the current {@link FaultPlan} to the stream of requests, counting only the ones it matches. */
public final class FaultInjector {

  private volatile FaultPlan plan;
  private final AtomicLong matched = new AtomicLong();

  public FaultInjector(FaultPlan plan) {
    plan(plan);
  }

  /** Replaces the plan and restarts its counter. */
  public synchronized void plan(FaultPlan newPlan) {
    this.plan = newPlan == null ? FaultPlan.none() : newPlan;
    matched.set(0);
  }

  public FaultPlan plan() {
    return plan;
  }

  public Fault decide(String path) {
    FaultPlan p = plan;
    if (p.isNone() || (p.pathContains() != null && !path.contains(p.pathContains()))) {
      return Fault.NONE;
    }
    long n = matched.incrementAndGet();
    long delay = p.delayMillis();
    if (p.connectionResetEvery() > 0 && n % p.connectionResetEvery() == 0) {
      return new Fault(Fault.Kind.CONNECTION_RESET, 0, null, delay);
    }
    if (p.rateLimitEvery() > 0 && n >= p.rateLimitEvery() && (n - p.rateLimitEvery()) % p.rateLimitEvery() < p.rateLimitBurst()) {
      return new Fault(Fault.Kind.RATE_LIMIT, 429, p.retryAfterSeconds(), delay);
    }
    if (p.serverErrorEvery() > 0 && n % p.serverErrorEvery() == 0) {
      return new Fault(Fault.Kind.SERVER_ERROR, p.serverErrorStatus(), null, delay);
    }
    if (p.serverErrorRate() > 0 && Math.floor(n * p.serverErrorRate()) > Math.floor((n - 1) * p.serverErrorRate())) {
      return new Fault(Fault.Kind.SERVER_ERROR, p.serverErrorStatus(), null, delay);
    }
    if (p.malformedBodyOnRequest() > 0 && n == p.malformedBodyOnRequest()) {
      return new Fault(Fault.Kind.MALFORMED_BODY, 200, null, delay);
    }
    return delay > 0 ? new Fault(Fault.Kind.NONE, 0, null, delay) : Fault.NONE;
  }
}
