package io.crmw.sandbox.business;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.Collection;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The expected answers, computed in plain Java from the business objects (never SQL), so a report can be
 * checked against something that shares none of its code.
 */
public final class GroundTruth {

  private final Business business;

  public GroundTruth(Business business) {
    this.business = business;
  }

  /** Won amount per close-date month in the reporting currency; each deal converted and rounded HALF_UP to cents. */
  public SortedMap<YearMonth, BigDecimal> wonAmountPerMonth(String reportingCurrency, Path fxRatesCsv) {
    return wonAmountPerMonth(reportingCurrency, FxRates.load(fxRatesCsv));
  }

  public SortedMap<YearMonth, BigDecimal> wonAmountPerMonth(String reportingCurrency, FxRates fx) {
    SortedMap<YearMonth, BigDecimal> out = new TreeMap<>();
    wonDeals().filter(d -> d.amount() != null).forEach(d -> {
      BigDecimal rate = fx.rate(d.currency(), reportingCurrency, d.closeDate());
      BigDecimal converted = d.amount().multiply(rate).setScale(2, RoundingMode.HALF_UP);
      out.merge(YearMonth.from(d.closeDate()), converted, BigDecimal::add);
    });
    return out;
  }

  public SortedMap<YearMonth, Long> wonDealCountPerMonth() {
    SortedMap<YearMonth, Long> out = new TreeMap<>();
    wonDeals().forEach(d -> out.merge(YearMonth.from(d.closeDate()), 1L, Long::sum));
    return out;
  }

  /** Live deals whose stage is a won stage and that have a close date. */
  public Stream<Deal> wonDeals() {
    return business.deals().stream()
        .filter(d -> !d.archived())
        .filter(d -> business.stageOf(d).won())
        .filter(d -> d.closeDate() != null);
  }

  public long liveDeals() {
    return business.deals().stream().filter(d -> !d.archived()).count();
  }

  public long liveContacts() {
    return business.contacts().stream().filter(c -> !c.archived()).count();
  }

  public long liveCompanies() {
    return business.companies().stream().filter(c -> !c.archived()).count();
  }

  public long archivedCount(String objectType) {
    return switch (objectType) {
      case "deals" -> business.deals().stream().filter(Deal::archived).count();
      case "contacts" -> business.contacts().stream().filter(Contact::archived).count();
      case "companies" -> business.companies().stream().filter(Company::archived).count();
      default -> 0;
    };
  }

  /** Live records of a HubSpot object type (companies, contacts, deals, line_items, calls, …, owners). */
  public long liveCount(String objectType) {
    return switch (objectType) {
      case "deals" -> liveDeals();
      case "contacts" -> liveContacts();
      case "companies" -> liveCompanies();
      case "owners" -> business.owners().stream().filter(o -> !o.archived()).count();
      case "marketing_emails" -> business.marketingEmails().size();
      default -> {
        Collection<?> all = business.byId(objectType).values();
        yield all.size();
      }
    };
  }
}
