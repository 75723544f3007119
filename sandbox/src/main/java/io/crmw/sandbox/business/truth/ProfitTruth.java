package io.crmw.sandbox.business.truth;

import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.Deal;
import io.crmw.sandbox.business.GroundTruth;
import io.crmw.sandbox.business.LineItem;
import io.crmw.sandbox.business.Product;
import io.crmw.sandbox.business.Ticket;
import io.crmw.sandbox.business.FxRates;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Expected product and profit figures (reports R8 customer profitability, R10 offering profitability, R12 dead on
 * arrival), computed in plain Java from the business objects.
 */
public final class ProfitTruth {

  /** Tickets, complaints (product-issue tickets), return requests and units sold of one product, over all time. */
  public record ProductComplaints(long tickets, long complaints, long returnRequests, long unitsSold) {
  }

  private final Business business;
  private final GroundTruth groundTruth;

  public ProfitTruth(Business business) {
    this.business = business;
    this.groundTruth = new GroundTruth(business);
  }

  /** Per product id: its tickets (matched by SKU) and units sold on won deals' line items. */
  public SortedMap<String, ProductComplaints> complaintsPerProduct() {
    Map<String, String> productBySku = business.products().stream()
        .collect(Collectors.toMap(Product::sku, Product::id));
    Map<String, long[]> n = new TreeMap<>();
    for (Ticket t : business.tickets()) {
      String product = t.productSku() == null ? "unknown" : productBySku.getOrDefault(t.productSku(), "unknown");
      long[] c = n.computeIfAbsent(product, k -> new long[4]);
      c[0]++;
      if ("PRODUCT_ISSUE".equals(t.category())) {
        c[1]++;
      }
      if (t.returnRequested()) {
        c[2]++;
      }
    }
    for (LineItem l : wonLineItems()) {
      n.computeIfAbsent(l.productId(), k -> new long[4])[3] += l.quantity();
    }
    SortedMap<String, ProductComplaints> out = new TreeMap<>();
    n.forEach((k, c) -> out.put(k, new ProductComplaints(c[0], c[1], c[2], c[3])));
    return out;
  }

  /** Line items of live won deals. */
  public java.util.List<LineItem> wonLineItems() {
    Set<String> won = groundTruth.wonDeals().map(Deal::id).collect(Collectors.toSet());
    return business.lineItems().stream().filter(l -> won.contains(l.dealId())).toList();
  }

  Map<String, Product> productsById() {
    return business.products().stream().collect(Collectors.toMap(Product::id, Function.identity()));
  }

  /**
   * Gross profit per customer ({@link #customerOf} the deal's company) over all time, from won deals whose cost is known (they have line items):
   * deal amount converted at the close-date rate minus Σ per line round(quantity × unit cost × rate, 2).
   */
  public SortedMap<String, BigDecimal> grossProfitPerCustomer(String reportingCurrency, FxRates fx) {
    Map<String, Product> products = productsById();
    Map<String, java.util.List<LineItem>> lines = wonLineItems().stream()
        .collect(Collectors.groupingBy(LineItem::dealId));
    SortedMap<String, BigDecimal> out = new TreeMap<>();
    groundTruth.wonDeals().filter(d -> lines.containsKey(d.id()) && d.amount() != null).forEach(d -> {
      BigDecimal revenue = cents(d.amount().multiply(fx.rate(d.currency(), reportingCurrency, d.closeDate())));
      BigDecimal cogs = BigDecimal.ZERO;
      for (LineItem l : lines.get(d.id())) {
        cogs = cogs.add(lineCost(l, products.get(l.productId()), d, reportingCurrency, fx));
      }
      out.merge(customerOf(d.companyId()), revenue.subtract(cogs), BigDecimal::add);
    });
    return out;
  }

  /**
   * The customer a company belongs to: live companies with the same domain are one customer, represented by the
   * earliest-created of them (ties: lowest id); an archived company is its own customer.
   */
  public String customerOf(String companyId) {
    io.crmw.sandbox.business.Company c = business.company(companyId).orElse(null);
    if (c == null || c.archived() || c.domain() == null) {
      return companyId;
    }
    String domain = c.domain().toLowerCase(java.util.Locale.ROOT);
    return business.companies().stream()
        .filter(o -> !o.archived() && o.domain() != null && o.domain().toLowerCase(java.util.Locale.ROOT).equals(domain))
        .min(Comparator.comparing(io.crmw.sandbox.business.Company::createdAt)
            .thenComparing(io.crmw.sandbox.business.Company::id))
        .orElseThrow().id();
  }

  /** A cost pool of one month (amount in the reporting currency) and its driver: units, tickets or revenue. */
  public record CostPool(YearMonth month, String pool, BigDecimal amount, String driver) {
  }

  /** Revenue, direct cost and allocated overhead of one product over all time; "unallocated" has no direct cost. */
  public record OfferingProfit(BigDecimal revenue, BigDecimal directCost, BigDecimal allocatedOverhead) {
    public BigDecimal netProfit() {
      return revenue.subtract(directCost).subtract(allocatedOverhead);
    }
  }

  /**
   * Per product id: revenue (won line revenue converted per line; deal amounts not covered by lines under
   * "unallocated"), direct cost and overhead allocated from {@code pools}: per pool, each product active in the month
   * (won lines by close month, or tickets opened in the month in {@code zone}) gets floor(pool cents × value / total)
   * cents of it, by the pool's driver (units, tickets, revenue; revenue share when the driver total is 0; equal
   * shares when that is 0 too); the cents left go to the product with the largest value (ties: lowest id); a month
   * with no active product puts the pool on "unallocated".
   */
  public SortedMap<String, OfferingProfit> offeringProfit(String reportingCurrency, FxRates fx, List<CostPool> pools,
                                                          ZoneId zone) {
    Map<String, Product> products = productsById();
    Map<String, Deal> won = groundTruth.wonDeals().collect(Collectors.toMap(Deal::id, Function.identity()));
    Map<String, BigDecimal[]> money = new TreeMap<>(); // revenue, direct cost, overhead
    Map<YearMonth, Map<String, long[]>> drivers = new HashMap<>(); // units x 10000, revenue cents, tickets
    Map<String, BigDecimal> linesPerDeal = new HashMap<>();
    for (LineItem l : wonLineItems()) {
      Deal d = won.get(l.dealId());
      BigDecimal revenue = cents(l.amount().multiply(fx.rate(d.currency(), reportingCurrency, d.closeDate())));
      BigDecimal cost = lineCost(l, products.get(l.productId()), d, reportingCurrency, fx);
      BigDecimal[] m = money.computeIfAbsent(l.productId(), k -> zeros());
      m[0] = m[0].add(revenue);
      m[1] = m[1].add(cost);
      linesPerDeal.merge(d.id(), revenue, BigDecimal::add);
      long[] v = drivers.computeIfAbsent(YearMonth.from(d.closeDate()), k -> new TreeMap<>())
          .computeIfAbsent(l.productId(), k -> new long[3]);
      v[0] += l.quantity() * 10_000L;
      v[1] += revenue.movePointRight(2).longValueExact();
    }
    for (Deal d : won.values()) {
      if (d.amount() == null) {
        continue;
      }
      BigDecimal amount = cents(d.amount().multiply(fx.rate(d.currency(), reportingCurrency, d.closeDate())));
      BigDecimal diff = amount.subtract(linesPerDeal.getOrDefault(d.id(), BigDecimal.ZERO));
      if (!linesPerDeal.containsKey(d.id()) || diff.signum() != 0) {
        BigDecimal[] m = money.computeIfAbsent("unallocated", k -> zeros());
        m[0] = m[0].add(diff);
      }
    }
    Map<String, String> productBySku = business.products().stream()
        .collect(Collectors.toMap(Product::sku, Product::id));
    for (Ticket t : business.tickets()) {
      String product = t.productSku() == null ? null : productBySku.get(t.productSku());
      if (product != null) {
        drivers.computeIfAbsent(YearMonth.from(t.createdAt().atZone(zone)), k -> new TreeMap<>())
            .computeIfAbsent(product, k -> new long[3])[2]++;
      }
    }
    for (CostPool pool : pools) {
      Map<String, long[]> active = drivers.getOrDefault(pool.month(), Map.of());
      long poolCents = pool.amount().movePointRight(2).longValueExact();
      int slot = switch (pool.driver()) {
        case "units" -> 0;
        case "tickets" -> 2;
        default -> 1;
      };
      Map<String, Long> values = new TreeMap<>();
      if (active.isEmpty()) {
        values.put("unallocated", 1L);
      } else {
        long driverTotal = active.values().stream().mapToLong(v -> v[slot]).sum();
        long revenueTotal = active.values().stream().mapToLong(v -> v[1]).sum();
        active.forEach((p, v) -> values.put(p, driverTotal > 0 ? v[slot] : revenueTotal > 0 ? v[1] : 1L));
      }
      long total = values.values().stream().mapToLong(Long::longValue).sum();
      String largest = values.entrySet().stream()
          .max(Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue)
              .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
          .orElseThrow().getKey();
      long allocated = 0;
      Map<String, Long> centsPerProduct = new TreeMap<>();
      for (Map.Entry<String, Long> e : values.entrySet()) {
        long c = java.math.BigInteger.valueOf(poolCents).multiply(java.math.BigInteger.valueOf(e.getValue()))
            .divide(java.math.BigInteger.valueOf(total)).longValueExact();
        centsPerProduct.put(e.getKey(), c);
        allocated += c;
      }
      centsPerProduct.merge(largest, poolCents - allocated, Long::sum);
      centsPerProduct.forEach((p, c) -> {
        BigDecimal[] m = money.computeIfAbsent(p, k -> zeros());
        m[2] = m[2].add(BigDecimal.valueOf(c, 2));
      });
    }
    SortedMap<String, OfferingProfit> out = new TreeMap<>();
    money.forEach((p, m) -> out.put(p, new OfferingProfit(m[0], m[1], m[2])));
    return out;
  }

  private static BigDecimal[] zeros() {
    BigDecimal z = BigDecimal.ZERO.setScale(2);
    return new BigDecimal[] {z, z, z};
  }

  private static BigDecimal lineCost(LineItem l, Product p, Deal d, String reportingCurrency, FxRates fx) {
    BigDecimal rate = fx.rate("USD", reportingCurrency, d.closeDate()); // catalogue costs are in USD
    return cents(p.unitCost().multiply(BigDecimal.valueOf(l.quantity())).multiply(rate));
  }

  private static BigDecimal cents(BigDecimal v) {
    return v.setScale(2, RoundingMode.HALF_UP);
  }
}
