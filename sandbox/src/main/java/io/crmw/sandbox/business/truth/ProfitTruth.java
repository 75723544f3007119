package io.crmw.sandbox.business.truth;

import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.Deal;
import io.crmw.sandbox.business.GroundTruth;
import io.crmw.sandbox.business.LineItem;
import io.crmw.sandbox.business.Product;
import io.crmw.sandbox.business.Ticket;
import java.math.BigDecimal;
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

  static BigDecimal sum(BigDecimal a, BigDecimal b) {
    return a.add(b);
  }
}
