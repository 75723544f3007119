package io.crmw.sandbox.business.truth;

import io.crmw.sandbox.business.ActivityType;
import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.Crm;
import io.crmw.sandbox.business.Deal;
import io.crmw.sandbox.business.FxRates;
import io.crmw.sandbox.business.OrgRates;
import io.crmw.sandbox.business.GroundTruth;
import io.crmw.sandbox.business.Ticket;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Expected answers for a business split between CRMs ({@code SandboxOptions.withSalesforce(true)} or
 * {@code withCrms(...)}), computed in plain Java from the business and its {@link io.crmw.sandbox.business.CrmSplit}.
 * Without a split, HubSpot holds everything and every other CRM nothing.
 *
 * <p>Counting rules: a deal, line item, activity or ticket is in exactly one CRM; a company or contact may be in
 * several and is one customer / person after identity resolution by normalised domain / lower-cased e-mail. In Salesforce a
 * person is a Contact, or an open Lead when on no Salesforce deal and early in the funnel: {@link #liveContacts}
 * counts people either way.
 */
public final class CrmSplitTruth {

  private final Business business;

  public CrmSplitTruth(Business business) {
    this.business = business;
  }

  /** Won amount per close month of the deals {@code crm} holds; {@link GroundTruth#wonAmountPerMonth}'s fx rule. */
  public SortedMap<YearMonth, BigDecimal> wonAmountPerMonth(Crm crm, String reportingCurrency, FxRates fx) {
    return wonAmount(wonDeals().filter(d -> business.holder(d) == crm), reportingCurrency, fx);
  }

  /**
   * Won amount per close month of the deals {@code crm} holds, in the org's own currency (USD) as the org itself
   * converts them ({@link OrgRates}): Salesforce divides by the dated rate of the close date (as
   * {@code convertCurrency()} does with advanced currency management), HubSpot multiplies by the portal rate in effect
   * at closing (its amount in company currency). Each deal rounded half up to the cent.
   */
  public SortedMap<YearMonth, BigDecimal> wonAmountPerMonthAsTheOrgConverts(Crm crm) {
    SortedMap<YearMonth, BigDecimal> out = new TreeMap<>();
    wonDeals().filter(d -> business.holder(d) == crm && d.amount() != null).forEach(d -> {
      BigDecimal converted = switch (crm) {
        case SALESFORCE -> d.amount().divide(OrgRates.salesforceDated(d.currency(), d.closeDate()), 2,
            RoundingMode.HALF_UP);
        case HUBSPOT -> d.amount().multiply(OrgRates.hubspotPortal(d.currency(), d.closeDate()))
            .setScale(2, RoundingMode.HALF_UP);
        default -> throw new IllegalArgumentException(crm + " keeps no rates of its own in the sandbox");
      };
      out.merge(YearMonth.from(d.closeDate()), converted, BigDecimal::add);
    });
    return out;
  }

  /** Won amount per close month over every CRM (every deal is in exactly one, so no double counting). */
  public SortedMap<YearMonth, BigDecimal> wonAmountPerMonthCombined(String reportingCurrency, FxRates fx) {
    return wonAmount(wonDeals(), reportingCurrency, fx);
  }

  private static SortedMap<YearMonth, BigDecimal> wonAmount(Stream<Deal> deals, String ccy, FxRates fx) {
    SortedMap<YearMonth, BigDecimal> out = new TreeMap<>();
    deals.filter(d -> d.amount() != null).forEach(d -> {
      BigDecimal converted = d.amount().multiply(fx.rate(d.currency(), ccy, d.closeDate()))
          .setScale(2, RoundingMode.HALF_UP);
      out.merge(YearMonth.from(d.closeDate()), converted, BigDecimal::add);
    });
    return out;
  }

  private Stream<Deal> wonDeals() {
    return new GroundTruth(business).wonDeals();
  }

  public long wonDeals(Crm crm) {
    return wonDeals().filter(d -> business.holder(d) == crm).count();
  }

  /** Normalised domains of the live companies with a live won deal in {@code crm}. */
  public Set<String> customerDomains(Crm crm) {
    Set<String> out = new TreeSet<>();
    wonDeals().filter(d -> business.holder(d) == crm).forEach(d -> business.company(d.companyId())
        .filter(c -> !c.archived() && business.holds(crm, c))
        .ifPresent(c -> out.add(normalizeDomain(c.domain()))));
    return out;
  }

  /** Customers across every CRM, each counted once by normalised domain. */
  public long distinctCustomers() {
    Set<String> all = new TreeSet<>();
    for (Crm crm : Crm.values()) {
      all.addAll(customerDomains(crm));
    }
    return all.size();
  }

  /** Customers that are customers in each of {@code crms} (same normalised domain in every one). */
  public long customersInAll(Set<Crm> crms) {
    Set<String> all = null;
    for (Crm crm : crms) {
      Set<String> domains = customerDomains(crm);
      if (all == null) {
        all = new TreeSet<>(domains);
      } else {
        all.retainAll(domains);
      }
    }
    return all == null ? 0 : all.size();
  }

  /** Customers that are customers in both CRMs (same normalised domain). */
  public long customersInBothCrms() {
    Set<String> both = new TreeSet<>(customerDomains(Crm.HUBSPOT));
    both.retainAll(customerDomains(Crm.SALESFORCE));
    return both.size();
  }

  /** Live companies across every CRM, each once by normalised domain. */
  public long distinctCompanies() {
    Set<String> all = new TreeSet<>();
    business.companies().stream().filter(c -> !c.archived())
        .filter(c -> Stream.of(Crm.values()).anyMatch(crm -> business.holds(crm, c)))
        .forEach(c -> all.add(normalizeDomain(c.domain())));
    return all.size();
  }

  /** Normalised domains of live companies that each of {@code crms} holds. */
  public Set<String> companyDomainsInAll(Set<Crm> crms) {
    Set<String> out = new TreeSet<>();
    business.companies().stream().filter(c -> !c.archived())
        .filter(c -> crms.stream().allMatch(crm -> business.holds(crm, c)))
        .forEach(c -> out.add(normalizeDomain(c.domain())));
    return out;
  }

  /** Normalised domains of live companies that both CRMs hold (the companies identity resolution merges). */
  public long companiesInBothCrms() {
    Set<String> hs = new TreeSet<>();
    Set<String> sf = new TreeSet<>();
    business.companies().stream().filter(c -> !c.archived()).forEach(c -> {
      if (business.holds(Crm.HUBSPOT, c)) {
        hs.add(normalizeDomain(c.domain()));
      }
      if (business.holds(Crm.SALESFORCE, c)) {
        sf.add(normalizeDomain(c.domain()));
      }
    });
    hs.retainAll(sf);
    return hs.size();
  }

  /** Live people across every CRM, each once by lower-cased e-mail. */
  public long distinctContacts() {
    Set<String> all = new TreeSet<>();
    business.contacts().stream().filter(c -> !c.archived())
        .filter(c -> Stream.of(Crm.values()).anyMatch(crm -> business.holds(crm, c)))
        .forEach(c -> all.add(c.email().toLowerCase(Locale.ROOT)));
    return all.size();
  }

  /** Live people both CRMs hold. */
  public long contactsInBothCrms() {
    return business.contacts().stream().filter(c -> !c.archived())
        .filter(c -> business.holds(Crm.HUBSPOT, c) && business.holds(Crm.SALESFORCE, c)).count();
  }

  // ---- live counts per CRM ----

  /** Deals {@code crm} holds that are not deleted (Pipedrive: the standard list plus the archived list; Zoho: Deals). */
  public long liveDeals(Crm crm) {
    return business.deals().stream().filter(d -> !d.archived() && business.holder(d) == crm).count();
  }

  /**
   * Deleted deals {@code crm} holds (HubSpot: archived; Salesforce: recycle bin; Pipedrive: status deleted; Zoho:
   * {@code /Deals/deleted?type=all}, unless purged).
   */
  public long deletedDeals(Crm crm) {
    return deletedDeals(crm, Instant.MIN);
  }

  /** Deals {@code crm} holds that were deleted at or after {@code since} (Pipedrive lists the last 30 days only). */
  public long deletedDeals(Crm crm, Instant since) {
    return business.deals().stream().filter(d -> d.archived() && !d.archivedAt().isBefore(since)
        && business.holder(d) == crm).count();
  }

  public long liveCompanies(Crm crm) {
    return business.companies().stream().filter(c -> !c.archived() && business.holds(crm, c)).count();
  }

  /** People (Salesforce and Zoho: Contacts plus unconverted Leads). */
  public long liveContacts(Crm crm) {
    return business.contacts().stream().filter(c -> !c.archived() && business.holds(crm, c)).count();
  }

  /** Line items of the live deals {@code crm} holds (Zoho: the {@code Quoted_Items} of its Quotes). */
  public long lineItems(Crm crm) {
    return business.lineItems().stream().filter(l -> business.deal(l.dealId())
        .map(d -> !d.archived() && business.holder(d) == crm).orElse(false)).count();
  }

  public long activities(Crm crm, ActivityType type) {
    return business.activities(type).stream().filter(a -> business.holds(crm, a)).count();
  }

  /** Tickets {@code crm} holds (Zendesk Support: deleted ones too). */
  public long tickets(Crm crm) {
    return business.tickets().stream().filter(t -> business.holds(crm, t)).count();
  }

  // ---- Zendesk Support (the help desk: every ticket when it is in the split) ----

  /** Live (not deleted) tickets Zendesk Support holds. */
  public long supportTickets() {
    return supportTicketStream().filter(t -> !t.deleted()).count();
  }

  /** Tickets deleted in Zendesk Support (the incremental export lists them with {@code status: "deleted"}). */
  public long deletedSupportTickets() {
    return supportTicketStream().filter(Ticket::deleted).count();
  }

  /** Rows of the users export: every end-user Support holds (deleted ones as {@code active: false}) and every agent. */
  public long supportUsers() {
    return business.contacts().stream().filter(c -> business.holds(Crm.ZENDESK_SUPPORT, c)).count()
        + (business.crms().contains(Crm.ZENDESK_SUPPORT) ? business.owners().size() : 0);
  }

  /** Rows of the organizations export: every company Support holds (deleted ones with {@code deleted_at}). */
  public long supportOrganizations() {
    return business.companies().stream().filter(c -> business.holds(Crm.ZENDESK_SUPPORT, c)).count();
  }

  /** Satisfaction ratings of live solved tickets with {@code score} ({@code good}, {@code bad}, {@code offered}). */
  public long satisfactionRatings(String score) {
    return supportTicketStream().filter(t -> !t.deleted() && score.equals(t.satisfaction())).count();
  }

  /**
   * Live tickets of one request type ({@code complaint}, {@code return}, {@code exchange}, …; see
   * {@link Ticket#requestType()}) per product SKU and month created (UTC).
   */
  public SortedMap<String, SortedMap<YearMonth, Long>> supportTicketsPerProductAndMonth(String requestType) {
    SortedMap<String, SortedMap<YearMonth, Long>> out = new TreeMap<>();
    supportTicketStream().filter(t -> !t.deleted() && t.requestType().equals(requestType))
        .forEach(t -> out.computeIfAbsent(t.productSku(), k -> new TreeMap<>())
            .merge(YearMonth.from(t.createdAt().atZone(ZoneOffset.UTC)), 1L, Long::sum));
    return out;
  }

  private Stream<Ticket> supportTicketStream() {
    return business.tickets().stream().filter(t -> business.holds(Crm.ZENDESK_SUPPORT, t));
  }

  /**
   * Live records of a Salesforce sObject the oracle can count from the business alone: Opportunity, Account,
   * OpportunityLineItem, Task (calls, e-mails, tasks), Event (meetings), Case, User, Product2.
   */
  public long salesforceLiveCount(String sObject) {
    return switch (sObject) {
      case "Opportunity" -> liveDeals(Crm.SALESFORCE);
      case "Account" -> liveCompanies(Crm.SALESFORCE);
      case "OpportunityLineItem" -> lineItems(Crm.SALESFORCE);
      case "Task" -> activities(Crm.SALESFORCE, ActivityType.CALL) + activities(Crm.SALESFORCE, ActivityType.EMAIL)
          + activities(Crm.SALESFORCE, ActivityType.TASK);
      case "Event" -> activities(Crm.SALESFORCE, ActivityType.MEETING);
      case "Case" -> tickets(Crm.SALESFORCE);
      case "User" -> business.owners().size();
      case "Product2" -> business.products().size();
      default -> throw new IllegalArgumentException("no oracle count for " + sObject);
    };
  }

  /** {@code https://www.Acme-Labs.example/} → {@code acme-labs.example}: scheme, www., path and case dropped. */
  public static String normalizeDomain(String domainOrUrl) {
    if (domainOrUrl == null) {
      return null;
    }
    String d = domainOrUrl.trim().toLowerCase(Locale.ROOT);
    int scheme = d.indexOf("://");
    if (scheme >= 0) {
      d = d.substring(scheme + 3);
    }
    int slash = d.indexOf('/');
    if (slash >= 0) {
      d = d.substring(0, slash);
    }
    if (d.startsWith("www.")) {
      d = d.substring(4);
    }
    return d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
  }
}
