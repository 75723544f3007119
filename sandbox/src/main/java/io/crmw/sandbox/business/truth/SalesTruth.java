package io.crmw.sandbox.business.truth;

import io.crmw.sandbox.business.Activity;
import io.crmw.sandbox.business.ActivityType;
import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.Company;
import io.crmw.sandbox.business.Contact;
import io.crmw.sandbox.business.Deal;
import io.crmw.sandbox.business.FxRates;
import io.crmw.sandbox.business.RevenueGoal;
import io.crmw.sandbox.business.Stage;
import io.crmw.sandbox.business.StageVisit;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Expected sales figures (reports R1 forecast, R2 funnel, R4 pipeline, R5 total sales, R6 goals, R9 conversion, lead
 * status, sales per customer and the daily/weekly/monthly reports), computed in plain Java from the business objects,
 * never SQL. Money follows {@code GroundTruth.wonAmountPerMonth}: each deal converted at the rate of its close date
 * (open deals: of the as-of date) and rounded HALF_UP to cents; a weighted amount is that converted amount times the
 * stage probability, again rounded HALF_UP to cents. Instants are bucketed as local dates in the given reporting zone. Customers are
 * companies grouped by lower-cased domain (the product's identity rule); archived companies are nobody's customer.
 */
public final class SalesTruth {

  /** HubSpot lifecycle stages that make a contact a lead; the last two count as converted. */
  public static final Set<String> LEAD_STAGES =
      Set.of("lead", "marketingqualifiedlead", "salesqualifiedlead", "opportunity", "customer");
  public static final Set<String> CONVERTED_STAGES = Set.of("opportunity", "customer");

  /**
   * HubSpot's lead statuses ({@code hs_lead_status}) in the report's vocabulary: not yet worked, being worked, a deal
   * is open, not a fit, not now.
   */
  public static final Map<String, String> LEAD_STATUS = Map.of("NEW", "new", "OPEN", "working", "IN_PROGRESS", "working",
      "ATTEMPTED_TO_CONTACT", "working", "CONNECTED", "working", "OPEN_DEAL", "qualified", "UNQUALIFIED", "unqualified",
      "BAD_TIMING", "nurturing");

  /** Open pipeline as of a date: deal count, amount and weighted amount in the reporting currency. */
  public record OpenPipeline(long deals, BigDecimal amount, BigDecimal weighted) {
  }

  /** One owner's monthly revenue goal: the target and the won amount of that month. */
  public record GoalResult(BigDecimal target, BigDecimal actual) {
    /** actual / target, six decimals HALF_UP; null when the target is 0. */
    public BigDecimal attainment() {
      return target.signum() == 0 ? null : actual.divide(target, 6, RoundingMode.HALF_UP);
    }
  }

  /** A lead cohort: leads created in a month, how many converted and how many became customers. */
  public record LeadCohort(long created, long converted, long customers) {
  }

  /**
   * A period's buying customers: how many bought, how many bought for the first time, how many had made two or more
   * purchases by the period's end, and the days from each purchase in the period back to the customer's previous one.
   */
  public record CustomerPeriod(long customers, long newCustomers, long repeatCustomers, long gapDays, long gaps) {
    CustomerPeriod plus(CustomerPeriod o) {
      return new CustomerPeriod(customers + o.customers, newCustomers + o.newCustomers,
          repeatCustomers + o.repeatCustomers, gapDays + o.gapDays, gaps + o.gaps);
    }
  }

  /** Won deals of a month: orders, revenue and new customers (first-ever won deal in the month). */
  public record MonthlySummary(long orders, BigDecimal revenue, long newCustomers) {
    /** Average order value, cents HALF_UP; null without orders. */
    public BigDecimal averageOrderValue() {
      return orders == 0 ? null : revenue.divide(BigDecimal.valueOf(orders), 2, RoundingMode.HALF_UP);
    }
  }

  private final Business business;
  private final String currency;
  private final FxRates fx;
  private final ZoneId zone;

  public SalesTruth(Business business, String reportingCurrency, FxRates fx, ZoneId reportingZone) {
    this.business = business;
    this.currency = reportingCurrency;
    this.fx = fx;
    this.zone = reportingZone;
  }

  // ---- R1 / R5: bookings ----

  /** Won amount per owner id and close month (deals with an amount). */
  public Map<String, SortedMap<YearMonth, BigDecimal>> wonAmountPerOwnerAndMonth() {
    Map<String, SortedMap<YearMonth, BigDecimal>> out = new TreeMap<>();
    wonDeals().filter(d -> d.amount() != null).forEach(d -> out
        .computeIfAbsent(d.ownerId(), k -> new TreeMap<>())
        .merge(YearMonth.from(d.closeDate()), converted(d, d.closeDate()), BigDecimal::add));
    return out;
  }

  /** Won amount per close month over all owners. */
  public SortedMap<YearMonth, BigDecimal> wonAmountPerMonth() {
    SortedMap<YearMonth, BigDecimal> out = new TreeMap<>();
    wonAmountPerOwnerAndMonth().values().forEach(m -> m.forEach((k, v) -> out.merge(k, v, BigDecimal::add)));
    return out;
  }

  // ---- R2: funnel ----

  /**
   * Cohort funnel of a pipeline: for the live deals created in {@code cohort} (reporting zone), how many reached
   * each funnel stage or a later one (lost stages are not in the funnel; won is last). Keys in funnel order.
   */
  public Map<String, Long> funnelReached(YearMonth cohort, String pipelineId) {
    List<Stage> funnel = funnelStages(pipelineId);
    Map<String, Long> out = new LinkedHashMap<>();
    funnel.forEach(s -> out.put(s.id(), 0L));
    cohortDeals(cohort, pipelineId).forEach(d -> {
      int furthest = furthestPosition(d, funnel);
      for (int i = 0; i <= furthest; i++) {
        out.merge(funnel.get(i).id(), 1L, Long::sum);
      }
    });
    return out;
  }

  /** Like {@link #funnelReached}, counting a stage only when the deal visited it and every earlier funnel stage. */
  public Map<String, Long> funnelStrictlyReached(YearMonth cohort, String pipelineId) {
    List<Stage> funnel = funnelStages(pipelineId);
    Map<String, Long> out = new LinkedHashMap<>();
    funnel.forEach(s -> out.put(s.id(), 0L));
    cohortDeals(cohort, pipelineId).forEach(d -> {
      Set<String> visited = visitedStages(d);
      for (Stage s : funnel) {
        if (!visited.contains(s.id())) {
          break;
        }
        out.merge(s.id(), 1L, Long::sum);
      }
    });
    return out;
  }

  // ---- R4: pipeline ----

  /** Live open deals as of {@code asOf}: converted at the as-of rate, weighted by their stage probability. */
  public OpenPipeline openPipeline(LocalDate asOf) {
    long deals = 0;
    BigDecimal amount = BigDecimal.ZERO;
    BigDecimal weighted = BigDecimal.ZERO;
    for (Deal d : liveDeals().filter(d -> !business.stageOf(d).closed()).toList()) {
      deals++;
      if (d.amount() == null) {
        continue;
      }
      BigDecimal rc = converted(d, asOf);
      amount = amount.add(rc);
      weighted = weighted.add(rc.multiply(business.stageOf(d).probability()).setScale(2, RoundingMode.HALF_UP));
    }
    return new OpenPipeline(deals, amount, weighted);
  }

  // ---- R6: goals ----

  /** Every owner's monthly revenue goal (targets are in the reporting currency) with that month's won amount, in cents. */
  public Map<String, SortedMap<YearMonth, GoalResult>> goalAttainment() {
    Map<String, SortedMap<YearMonth, BigDecimal>> won = wonAmountPerOwnerAndMonth();
    Map<String, SortedMap<YearMonth, GoalResult>> out = new TreeMap<>();
    for (RevenueGoal g : business.goals()) {
      if (!g.currency().equals(currency)) {
        throw new IllegalStateException("goal " + g.id() + " is in " + g.currency() + ", expected " + currency);
      }
      BigDecimal actual = won.getOrDefault(g.ownerId(), new TreeMap<>()).getOrDefault(g.month(), BigDecimal.ZERO);
      out.computeIfAbsent(g.ownerId(), k -> new TreeMap<>()).put(g.month(),
          new GoalResult(g.target().setScale(2, RoundingMode.HALF_UP), actual.setScale(2, RoundingMode.HALF_UP)));
    }
    return out;
  }

  // ---- R9: conversion ----

  /** Lead cohorts per creation month: live contacts in a lead lifecycle stage; customers are in 'customer'. */
  public SortedMap<YearMonth, LeadCohort> leadCohorts() {
    SortedMap<YearMonth, long[]> counts = new TreeMap<>();
    for (Contact c : business.contacts()) {
      String stage = c.lifecycleStage() == null ? null : c.lifecycleStage().toLowerCase(Locale.ROOT);
      if (c.archived() || stage == null || !LEAD_STAGES.contains(stage)) {
        continue;
      }
      long[] n = counts.computeIfAbsent(YearMonth.from(c.createdAt().atZone(zone)), k -> new long[3]);
      n[0]++;
      if (CONVERTED_STAGES.contains(stage)) {
        n[1]++;
      }
      if (stage.equals("customer")) {
        n[2]++;
      }
    }
    SortedMap<YearMonth, LeadCohort> out = new TreeMap<>();
    counts.forEach((k, n) -> out.put(k, new LeadCohort(n[0], n[1], n[2])));
    return out;
  }

  /**
   * Lead status: live leads (contacts in a lead lifecycle stage) per creation month (reporting zone) and status; a
   * lead that reached opportunity or customer is 'converted', else its hs_lead_status in the report's vocabulary
   * ({@link #LEAD_STATUS}), 'unknown' without one.
   */
  public SortedMap<YearMonth, SortedMap<String, Long>> leadsPerMonthAndStatus() {
    SortedMap<YearMonth, SortedMap<String, Long>> out = new TreeMap<>();
    for (Contact c : business.contacts()) {
      String stage = c.lifecycleStage() == null ? null : c.lifecycleStage().toLowerCase(Locale.ROOT);
      if (c.archived() || stage == null || !LEAD_STAGES.contains(stage)) {
        continue;
      }
      String status = CONVERTED_STAGES.contains(stage) ? "converted"
          : c.leadStatus() == null ? "unknown" : LEAD_STATUS.getOrDefault(c.leadStatus(), "unknown");
      out.computeIfAbsent(YearMonth.from(c.createdAt().atZone(zone)), k -> new TreeMap<>()).merge(status, 1L, Long::sum);
    }
    return out;
  }

  // ---- sales per customer ----

  /**
   * Buying customers per close month ({@code yearly}: per close year), keyed by the period's first day. A purchase
   * is a won deal; customers as in {@link #monthlySummary} (live companies by domain; deals without one are nobody's).
   */
  public SortedMap<LocalDate, CustomerPeriod> customerPurchases(boolean yearly) {
    Map<String, List<LocalDate>> purchases = new HashMap<>();
    wonDeals().forEach(d -> customerKey(d).ifPresent(key ->
        purchases.computeIfAbsent(key, k -> new ArrayList<>()).add(d.closeDate())));
    SortedMap<LocalDate, CustomerPeriod> out = new TreeMap<>();
    for (List<LocalDate> dates : purchases.values()) {
      List<LocalDate> sorted = dates.stream().sorted().toList();
      SortedMap<LocalDate, List<Integer>> byPeriod = new TreeMap<>();
      for (int i = 0; i < sorted.size(); i++) {
        LocalDate d = sorted.get(i);
        LocalDate start = yearly ? d.withDayOfYear(1) : d.withDayOfMonth(1);
        byPeriod.computeIfAbsent(start, k -> new ArrayList<>()).add(i);
      }
      byPeriod.forEach((start, indexes) -> {
        long gapDays = 0;
        long gaps = 0;
        for (int i : indexes) {
          if (i > 0) {
            gapDays += ChronoUnit.DAYS.between(sorted.get(i - 1), sorted.get(i));
            gaps++;
          }
        }
        int purchasesByEnd = indexes.get(indexes.size() - 1) + 1;
        out.merge(start, new CustomerPeriod(1, indexes.get(0) == 0 ? 1 : 0, purchasesByEnd >= 2 ? 1 : 0, gapDays, gaps),
            CustomerPeriod::plus);
      });
    }
    return out;
  }

  // ---- cadence reports ----

  /** Monthly: orders (won deals), revenue and new customers per close month. */
  public SortedMap<YearMonth, MonthlySummary> monthlySummary() {
    SortedMap<YearMonth, BigDecimal> revenue = wonAmountPerMonth();
    SortedMap<YearMonth, Long> orders = new TreeMap<>();
    wonDeals().forEach(d -> orders.merge(YearMonth.from(d.closeDate()), 1L, Long::sum));
    SortedMap<YearMonth, Long> newCustomers = new TreeMap<>();
    Map<String, Deal> firstWin = new HashMap<>();
    Comparator<Deal> order = Comparator.comparing(Deal::closeDate)
        .thenComparing(d -> closedAt(d).orElse(null), Comparator.nullsLast(Comparator.naturalOrder()))
        .thenComparing(d -> "deal:" + d.id());
    wonDeals().forEach(d -> customerKey(d).ifPresent(key -> firstWin.merge(key, d,
        (a, b) -> order.compare(a, b) <= 0 ? a : b)));
    firstWin.values().forEach(d -> newCustomers.merge(YearMonth.from(d.closeDate()), 1L, Long::sum));
    SortedMap<YearMonth, MonthlySummary> out = new TreeMap<>();
    orders.forEach((m, n) -> out.put(m, new MonthlySummary(n, revenue.getOrDefault(m, BigDecimal.ZERO),
        newCustomers.getOrDefault(m, 0L))));
    return out;
  }

  /** Daily: activities of every type per local day (their own timestamp). */
  public SortedMap<LocalDate, Long> activitiesPerDay() {
    SortedMap<LocalDate, Long> out = new TreeMap<>();
    for (ActivityType t : ActivityType.values()) {
      for (Activity a : business.activities(t)) {
        out.merge(a.timestamp().atZone(zone).toLocalDate(), 1L, Long::sum);
      }
    }
    return out;
  }

  /** Weekly: deals lost per week (Monday) of their close date. */
  public SortedMap<LocalDate, Long> dealsLostPerWeek() {
    SortedMap<LocalDate, Long> out = new TreeMap<>();
    liveDeals().filter(d -> business.stageOf(d).lost() && d.closeDate() != null).forEach(d -> out.merge(
        d.closeDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)), 1L, Long::sum));
    return out;
  }

  // ---- helpers ----

  private Stream<Deal> liveDeals() {
    return business.deals().stream().filter(d -> !d.archived());
  }

  private Stream<Deal> wonDeals() {
    return liveDeals().filter(d -> business.stageOf(d).won()).filter(d -> d.closeDate() != null);
  }

  private BigDecimal converted(Deal d, LocalDate rateDate) {
    return d.amount().multiply(fx.rate(d.currency(), currency, rateDate)).setScale(2, RoundingMode.HALF_UP);
  }

  private List<Stage> funnelStages(String pipelineId) {
    io.crmw.sandbox.business.Pipeline p = business.dealPipelines().stream().filter(x -> x.id().equals(pipelineId)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no deal pipeline " + pipelineId));
    return p.stages().stream().filter(s -> !s.lost())
        .sorted(Comparator.comparingInt(Stage::displayOrder).thenComparing(Stage::id)).toList();
  }

  private Stream<Deal> cohortDeals(YearMonth cohort, String pipelineId) {
    return liveDeals().filter(d -> d.pipelineId().equals(pipelineId))
        .filter(d -> YearMonth.from(d.createdAt().atZone(zone)).equals(cohort));
  }

  private Set<String> visitedStages(Deal d) {
    Set<String> visited = new java.util.HashSet<>();
    d.journey().forEach(v -> visited.add(v.stageId()));
    visited.add(d.stageId());
    return visited;
  }

  /** Index in the funnel of the furthest funnel stage the deal visited; 0 when it visited none. */
  private static int furthestPosition(Deal d, List<Stage> funnel) {
    int furthest = 0;
    for (int i = 0; i < funnel.size(); i++) {
      String id = funnel.get(i).id();
      if (d.stageId().equals(id) || d.journey().stream().anyMatch(v -> v.stageId().equals(id))) {
        furthest = i;
      }
    }
    return furthest;
  }

  /** The customer a deal belongs to: its live company's lower-cased domain (or the company id without domain). */
  private Optional<String> customerKey(Deal d) {
    if (d.companyId() == null) {
      return Optional.empty();
    }
    return business.company(d.companyId()).filter(c -> !c.archived()).map(SalesTruth::identity);
  }

  private static String identity(Company c) {
    return c.domain() == null || c.domain().isBlank() ? "company:" + c.id() : "domain:" + c.domain().toLowerCase(Locale.ROOT);
  }

  /** When the deal entered its current (closed) stage. */
  private static Optional<java.time.Instant> closedAt(Deal d) {
    return d.journey().stream().filter(v -> v.stageId().equals(d.stageId())).map(StageVisit::enteredAt)
        .max(Comparator.naturalOrder());
  }
}
