package io.crmw.sandbox.business;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The exchange rates the simulated CRMs keep themselves, each org's own (corporate / company / home currency USD),
 * as plain numbers; each simulator publishes them in its vendor's shape and the truth converts with them as the org
 * would. They move, and differ between the CRMs, on purpose:
 * <ul>
 *   <li>Salesforce ({@code DatedConversionRate}, advanced currency management): units of the currency per 1 USD, a new
 *       rate on the 1st and the 16th of every month, so rates change inside a month;</li>
 *   <li>HubSpot (portal exchange rates): USD per 1 unit of the currency, a new rate on the 1st of every month.</li>
 * </ul>
 * Both wiggle by a few percent around the generator's price-list factors (EUR 0.92, GBP 0.79 per USD). Rates have 6
 * decimals, as both vendors store them.
 */
public final class OrgRates {

  public static final String HOME = "USD";
  public static final List<String> FOREIGN = List.of("EUR", "GBP");
  private static final Map<String, BigDecimal> PER_USD = Map.of("EUR", new BigDecimal("0.92"), "GBP", new BigDecimal("0.79"));
  static final LocalDate FIRST = LocalDate.of(2020, 1, 1);
  static final LocalDate LAST = LocalDate.of(2030, 12, 31);
  private static final LocalDate BEGINNING = LocalDate.of(1, 1, 1);
  private static final LocalDate END = LocalDate.of(9999, 12, 31);

  /** One rate and the days it applies: from {@code start} until {@code nextStart} (exclusive). */
  public record DatedRate(String currency, LocalDate start, LocalDate nextStart, BigDecimal rate) {
  }

  private OrgRates() {
  }

  /** Salesforce's dated rates of {@code currency}: the first from 0001-01-01, the last until 9999-12-31. */
  public static List<DatedRate> salesforceDated(String currency) {
    List<DatedRate> out = new ArrayList<>();
    for (LocalDate start = FIRST; !start.isAfter(LAST); start = nextHalfMonth(start)) {
      LocalDate next = nextHalfMonth(start);
      out.add(new DatedRate(currency, out.isEmpty() ? BEGINNING : start, next.isAfter(LAST) ? END : next,
          salesforceRate(currency, start)));
    }
    return out;
  }

  /** Salesforce's rate of {@code currency} (units per 1 USD) on a day; 1 for USD. */
  public static BigDecimal salesforceDated(String currency, LocalDate on) {
    if (HOME.equals(currency)) {
      return BigDecimal.ONE;
    }
    LocalDate d = on.isBefore(FIRST) ? FIRST : on.isAfter(LAST) ? LAST : on;
    return salesforceRate(currency, d.getDayOfMonth() >= 16 ? d.withDayOfMonth(16) : d.withDayOfMonth(1));
  }

  /** HubSpot's portal rates of {@code currency}, effective at midnight UTC of each month's first day. */
  public static List<DatedRate> hubspotPortal(String currency) {
    List<DatedRate> out = new ArrayList<>();
    for (LocalDate start = FIRST; !start.isAfter(LAST); start = start.plusMonths(1)) {
      out.add(new DatedRate(currency, start, start.plusMonths(1), hubspotRate(currency, start)));
    }
    return out;
  }

  /** HubSpot's rate of {@code currency} (USD per 1 unit) in effect on a day; 1 for USD. */
  public static BigDecimal hubspotPortal(String currency, LocalDate on) {
    if (HOME.equals(currency)) {
      return BigDecimal.ONE;
    }
    LocalDate d = on.isBefore(FIRST) ? FIRST : on.isAfter(LAST) ? LAST : on;
    return hubspotRate(currency, d.withDayOfMonth(1));
  }

  private static BigDecimal salesforceRate(String currency, LocalDate start) {
    int k = (start.getYear() * 12 + start.getMonthValue() - 1) * 2 + (start.getDayOfMonth() >= 16 ? 1 : 0);
    int wiggle = Math.floorMod(k * 7 + FOREIGN.indexOf(currency) * 3, 9) - 4; // -4 … +4 %
    return perUsd(currency).multiply(BigDecimal.valueOf(100 + wiggle)).movePointLeft(2).setScale(6, RoundingMode.HALF_UP);
  }

  private static BigDecimal hubspotRate(String currency, LocalDate start) {
    int m = start.getYear() * 12 + start.getMonthValue() - 1;
    int wiggle = Math.floorMod(m * 5 + FOREIGN.indexOf(currency) * 2, 7) - 3; // -3 … +3 %
    return BigDecimal.valueOf(100 + wiggle).movePointLeft(2).divide(perUsd(currency), MathContext.DECIMAL64)
        .setScale(6, RoundingMode.HALF_UP);
  }

  private static BigDecimal perUsd(String currency) {
    BigDecimal r = PER_USD.get(currency);
    if (r == null) {
      throw new IllegalArgumentException("the simulated orgs have no rate for " + currency);
    }
    return r;
  }

  private static LocalDate nextHalfMonth(LocalDate d) {
    return d.getDayOfMonth() < 16 ? d.withDayOfMonth(16) : d.withDayOfMonth(1).plusMonths(1);
  }
}
