package io.crmw.sandbox.business.truth;

import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.Deal;
import io.crmw.sandbox.business.FxRates;
import io.crmw.sandbox.business.GroundTruth;
import io.crmw.sandbox.business.LineItem;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Expected MRR and its movements (report R8 MRR and churn), computed in plain Java from the business objects: a
 * recurring line item of a live won deal bills its amount every billing period (monthly 1 month, quarterly 3,
 * annually 12), so its MRR is round(amount × the close date's rate ÷ months, 2); it runs from the close month for
 * its term (to {@code asOf} when it has none) and belongs to {@link ProfitTruth#customerOf} the deal's company.
 */
public final class MrrTruth {

  /** One month's roll-up: opening and closing MRR, the movements between them, and customers counted. */
  public record Movements(BigDecimal opening, BigDecimal newMrr, BigDecimal expansion, BigDecimal contraction,
                          BigDecimal churned, BigDecimal reactivated, BigDecimal closing, long customersOpening,
                          long customersChurned) {
  }

  private final Business business;
  private final ProfitTruth profit;

  public MrrTruth(Business business) {
    this.business = business;
    this.profit = new ProfitTruth(business);
  }

  /** Per month up to {@code asOf}, per customer with MRR then: its MRR in the reporting currency. */
  public SortedMap<YearMonth, SortedMap<String, BigDecimal>> mrrPerMonthAndCustomer(String reportingCurrency,
                                                                                   FxRates fx, YearMonth asOf) {
    Map<String, Deal> won = new GroundTruth(business).wonDeals()
        .collect(Collectors.toMap(Deal::id, Function.identity()));
    SortedMap<YearMonth, SortedMap<String, BigDecimal>> out = new TreeMap<>();
    for (LineItem l : business.lineItems()) {
      Deal d = won.get(l.dealId());
      Integer billingMonths = l.recurringFrequency() == null ? null : switch (l.recurringFrequency()) {
        case "monthly" -> 1;
        case "quarterly" -> 3;
        case "annually" -> 12;
        default -> throw new IllegalStateException("unknown billing frequency " + l.recurringFrequency());
      };
      if (d == null || billingMonths == null) {
        continue;
      }
      BigDecimal mrr = l.amount().multiply(fx.rate(d.currency(), reportingCurrency, d.closeDate()))
          .divide(BigDecimal.valueOf(billingMonths), 2, RoundingMode.HALF_UP);
      String customer = d.companyId() == null ? "unknown" : profit.customerOf(d.companyId());
      YearMonth start = YearMonth.from(d.closeDate());
      YearMonth end = l.termMonths() == null ? asOf : start.plusMonths(l.termMonths() - 1);
      for (YearMonth m = start; !m.isAfter(end) && !m.isAfter(asOf); m = m.plusMonths(1)) {
        out.computeIfAbsent(m, k -> new TreeMap<>()).merge(customer, mrr, BigDecimal::add);
      }
    }
    out.values().forEach(perCustomer -> perCustomer.values().removeIf(v -> v.signum() <= 0));
    return out;
  }

  /** Per month from the first with MRR to {@code asOf}: the movements of all customers together. */
  public SortedMap<YearMonth, Movements> movementsPerMonth(String reportingCurrency, FxRates fx, YearMonth asOf) {
    SortedMap<YearMonth, SortedMap<String, BigDecimal>> mrr = mrrPerMonthAndCustomer(reportingCurrency, fx, asOf);
    SortedMap<YearMonth, Movements> out = new TreeMap<>();
    if (mrr.isEmpty()) {
      return out;
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    Map<String, BigDecimal> previous = Map.of();
    for (YearMonth m = mrr.firstKey(); !m.isAfter(asOf); m = m.plusMonths(1)) {
      Map<String, BigDecimal> current = mrr.getOrDefault(m, new TreeMap<>());
      BigDecimal[] sums = new BigDecimal[7]; // opening, new, expansion, contraction, churned, reactivated, closing
      java.util.Arrays.fill(sums, BigDecimal.ZERO.setScale(2));
      long churnedCustomers = 0;
      java.util.Set<String> customers = new java.util.TreeSet<>(previous.keySet());
      customers.addAll(current.keySet());
      for (String c : customers) {
        BigDecimal before = previous.getOrDefault(c, BigDecimal.ZERO);
        BigDecimal now = current.getOrDefault(c, BigDecimal.ZERO);
        sums[0] = sums[0].add(before);
        sums[6] = sums[6].add(now);
        if (before.signum() == 0) {
          sums[seen.contains(c) ? 5 : 1] = sums[seen.contains(c) ? 5 : 1].add(now);
        } else if (now.signum() == 0) {
          sums[4] = sums[4].add(before);
          churnedCustomers++;
        } else if (now.compareTo(before) > 0) {
          sums[2] = sums[2].add(now.subtract(before));
        } else {
          sums[3] = sums[3].add(before.subtract(now));
        }
      }
      seen.addAll(current.keySet());
      out.put(m, new Movements(sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], sums[6], previous.size(),
          churnedCustomers));
      previous = current;
    }
    return out;
  }
}
