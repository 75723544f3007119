package io.crmw.sandbox.business.truth;

import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.Campaigns;
import io.crmw.sandbox.business.Contact;
import io.crmw.sandbox.business.Deal;
import io.crmw.sandbox.business.FxRates;
import io.crmw.sandbox.business.GroundTruth;
import io.crmw.sandbox.business.MarketingEmail;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Expected marketing figures (reports R3 e-mail outcomes, R7 lead sources, R11 campaign performance), computed in
 * plain Java from the business objects. Attribution is first touch: a deal's campaign is its primary (first)
 * contact's first-touch campaign. Money is converted deal by deal at the close-date rate and rounded HALF_UP to cents.
 */
public final class MarketingTruth {

  /** HubSpot lifecycle stages that make a contact a lead, in funnel order. */
  public static final Set<String> LEAD_STAGES =
      Set.of("lead", "marketingqualifiedlead", "salesqualifiedlead", "opportunity", "customer");

  /** Sent, delivered, opened and clicked of one e-mail (or the sum over a campaign's e-mails). */
  public record EmailCounts(long sent, long delivered, long opened, long clicked) {
    EmailCounts plus(EmailCounts o) {
      return new EmailCounts(sent + o.sent, delivered + o.delivered, opened + o.opened, clicked + o.clicked);
    }
  }

  /** A campaign's first-touch results and ROI; {@code cost} null when the cost file does not know the campaign. */
  public record CampaignResult(long leads, long opportunities, long wonDeals, BigDecimal wonAmount,
                               BigDecimal cost, BigDecimal roiNumerator) {
  }

  private final Business business;
  private final GroundTruth groundTruth;

  public MarketingTruth(Business business) {
    this.business = business;
    this.groundTruth = new GroundTruth(business);
  }

  /** Per sent (published) marketing e-mail id. */
  public SortedMap<String, EmailCounts> emailOutcomes() {
    SortedMap<String, EmailCounts> out = new TreeMap<>();
    for (MarketingEmail m : business.marketingEmails()) {
      if (m.publishedAt() != null) {
        out.put(m.id(), new EmailCounts(m.sent(), m.delivered(), m.opened(), m.clicked()));
      }
    }
    return out;
  }

  /** Per campaign id (guid) over its sent e-mails; e-mails without a campaign under "none". */
  public SortedMap<String, EmailCounts> emailOutcomesPerCampaign() {
    SortedMap<String, EmailCounts> out = new TreeMap<>();
    for (MarketingEmail m : business.marketingEmails()) {
      if (m.publishedAt() != null) {
        out.merge(m.campaignId() == null ? "none" : m.campaignId(),
            new EmailCounts(m.sent(), m.delivered(), m.opened(), m.clicked()), EmailCounts::plus);
      }
    }
    return out;
  }

  /** Live contacts that are leads (lifecycle stage lead or beyond). */
  public java.util.stream.Stream<Contact> leads() {
    return business.contacts().stream()
        .filter(c -> !c.archived())
        .filter(c -> c.lifecycleStage() != null && LEAD_STAGES.contains(c.lifecycleStage().toLowerCase(Locale.ROOT)));
  }

  /**
   * Leads per normalized source. {@code sourceMap}: raw source (upper case) → normalized source; a missing or
   * unmapped source counts as "unknown".
   */
  public SortedMap<String, Long> leadsPerSource(Map<String, String> sourceMap) {
    SortedMap<String, Long> out = new TreeMap<>();
    leads().forEach(c -> out.merge(normalize(c.leadSource(), sourceMap), 1L, Long::sum));
    return out;
  }

  /** Won amount in the reporting currency per normalized source of the deal (deals without an amount count 0). */
  public SortedMap<String, BigDecimal> wonAmountPerSource(Map<String, String> sourceMap, String reportingCurrency,
                                                          FxRates fx) {
    SortedMap<String, BigDecimal> out = new TreeMap<>();
    groundTruth.wonDeals().forEach(d ->
        out.merge(normalize(d.leadSource(), sourceMap), converted(d, reportingCurrency, fx), BigDecimal::add));
    return out;
  }

  /**
   * The first-touch campaign of a deal: its primary contact's, or empty. The primary contact is the one HubSpot
   * lists first among the deal's associations, which it lists in id order: the lowest contact id.
   */
  public Optional<String> campaignOf(Deal d) {
    return d.contactIds().stream().min(java.util.Comparator.comparingLong(Long::parseLong))
        .flatMap(business::contact)
        .map(Campaigns::firstTouchIdOf);
  }

  /**
   * Per campaign id: leads whose first touch it was, deals (opportunities) and won deals attributed to it, won
   * amount, cost from {@code costs} (campaign id → cost in the reporting currency) and ROI numerator
   * (won amount − cost). Deals without a campaign are under "none" (no cost).
   */
  public SortedMap<String, CampaignResult> campaignPerformance(Map<String, BigDecimal> costs, String reportingCurrency,
                                                               FxRates fx) {
    Map<String, long[]> counts = new HashMap<>();
    Map<String, BigDecimal> won = new HashMap<>();
    leads().forEach(c -> {
      String id = Campaigns.firstTouchIdOf(c);
      counts.computeIfAbsent(id == null ? "none" : id, k -> new long[3])[0]++;
    });
    business.deals().stream().filter(d -> !d.archived()).forEach(d ->
        counts.computeIfAbsent(campaignOf(d).orElse("none"), k -> new long[3])[1]++);
    groundTruth.wonDeals().forEach(d -> {
      String id = campaignOf(d).orElse("none");
      counts.computeIfAbsent(id, k -> new long[3])[2]++;
      won.merge(id, converted(d, reportingCurrency, fx), BigDecimal::add);
    });
    SortedMap<String, CampaignResult> out = new TreeMap<>();
    counts.forEach((id, n) -> {
      BigDecimal amount = won.getOrDefault(id, BigDecimal.ZERO).setScale(2, RoundingMode.HALF_UP);
      BigDecimal cost = costs.get(id);
      out.put(id, new CampaignResult(n[0], n[1], n[2], amount, cost, cost == null ? null : amount.subtract(cost)));
    });
    return out;
  }

  static String normalize(String raw, Map<String, String> sourceMap) {
    if (raw == null) {
      return "unknown";
    }
    return sourceMap.getOrDefault(raw.trim().toUpperCase(Locale.ROOT), "unknown");
  }

  static BigDecimal converted(Deal d, String reportingCurrency, FxRates fx) {
    if (d.amount() == null) {
      return BigDecimal.ZERO.setScale(2);
    }
    return d.amount().multiply(fx.rate(d.currency(), reportingCurrency, d.closeDate())).setScale(2, RoundingMode.HALF_UP);
  }
}
