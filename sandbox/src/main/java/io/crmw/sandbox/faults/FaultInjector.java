package io.crmw.sandbox.faults;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Applies the current {@link FaultPlan} to the stream of requests, numbering only the ones it matches, and counts
 * the faults it injects by kind. Decisions are taken one at a time, so a chaos plan replays for the same requests.
 */
public final class FaultInjector {

  private static final int[] SERVER_ERRORS = {500, 502, 503};

  private FaultPlan plan;
  private long matched;
  private Random chaos;
  private final Map<Fault.Kind, Long> injected = new EnumMap<>(Fault.Kind.class);

  public FaultInjector(FaultPlan plan) {
    plan(plan);
  }

  /** Replaces the plan; its request number, its random sequence and the counts of injected faults start again. */
  public synchronized void plan(FaultPlan newPlan) {
    plan = newPlan == null ? FaultPlan.none() : newPlan;
    matched = 0;
    chaos = plan.chaos() == null ? null : new Random(plan.chaos().seed());
    injected.clear();
  }

  public synchronized FaultPlan plan() {
    return plan;
  }

  /** Faults injected since the plan was set, by kind; kinds never injected are absent. */
  public synchronized Map<Fault.Kind, Long> injected() {
    return Collections.unmodifiableMap(new EnumMap<>(injected));
  }

  public synchronized Fault decide(String path) {
    if (plan.isNone() || (plan.pathContains() != null && !path.contains(plan.pathContains()))) {
      return Fault.NONE;
    }
    long n = ++matched;
    Fault drawn = chaos == null ? null : draw(plan.chaos());
    Fault fault = plan.triggers().values().stream().filter(t -> t.on().test(n)).map(FaultPlan.Trigger::fault)
        .findFirst().orElse(drawn);
    if (fault == null) {
      return plan.delayMillis() > 0 ? Fault.NONE.delayedBy(plan.delayMillis()) : Fault.NONE;
    }
    injected.merge(fault.kind(), 1L, Long::sum);
    return fault.delayedBy(plan.delayMillis());
  }

  /** Draws on every request, fault or not, so the sequence depends only on the seed and the request number. */
  private Fault draw(FaultPlan.Chaos c) {
    boolean hit = chaos.nextDouble() < c.rate();
    List<Fault.Kind> kinds = c.kinds();
    Fault.Kind kind = kinds.get(chaos.nextInt(kinds.size()));
    int serverError = SERVER_ERRORS[chaos.nextInt(SERVER_ERRORS.length)];
    if (!hit) {
      return null;
    }
    return switch (kind) {
      case NONE -> null;
      case RATE_LIMIT -> new Fault(kind, 429, 1, 0);
      case LONG_RETRY_AFTER -> FaultPlan.longRetryAfter();
      case SERVER_ERROR -> new Fault(kind, serverError, null, 0);
      case STALL -> new Fault(kind, 200, null, plan.stallMillis());
      default -> new Fault(kind, 200, null, 0);
    };
  }
}
