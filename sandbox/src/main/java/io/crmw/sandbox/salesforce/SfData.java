package io.crmw.sandbox.salesforce;

import io.crmw.sandbox.business.Activity;
import io.crmw.sandbox.business.ActivityType;
import io.crmw.sandbox.DerivedViews;
import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.Company;
import io.crmw.sandbox.business.Contact;
import io.crmw.sandbox.business.Crm;
import io.crmw.sandbox.business.Deal;
import io.crmw.sandbox.business.LineItem;
import io.crmw.sandbox.business.OrgRates;
import io.crmw.sandbox.business.Owner;
import io.crmw.sandbox.business.Pipeline;
import io.crmw.sandbox.business.Product;
import io.crmw.sandbox.business.Stage;
import io.crmw.sandbox.business.StageVisit;
import io.crmw.sandbox.business.Team;
import io.crmw.sandbox.business.Ticket;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Salesforce view of the live {@link Business}: the records Salesforce holds under the two-CRM split, mapped to
 * sObjects. Rows are rebuilt per object when the business or the simulator's own state (hard deletes) changes.
 *
 * <p>Mapping notes: every person Salesforce holds has a Lead; it is converted (into its Contact, Account and first
 * Opportunity) unless the person is on no Salesforce deal and still early in the funnel (subscriber, lead, MQL), in
 * which case the Lead is open and there is no Contact. A deleted (archived) deal sends its line items and history
 * to the recycle bin with it; a hard-deleted one takes them along. Amounts are in the record's
 * {@code CurrencyIsoCode} (multi-currency org, corporate currency USD); {@code CurrencyType} carries the generator's
 * price-list factors (EUR 0.92, GBP 0.79 per USD) as today's rates, and {@code DatedConversionRate} (advanced currency
 * management) the org's rates that change on the 1st and the 16th of each month ({@link OrgRates#salesforceDated}),
 * which opportunities convert with by close date.
 */
final class SfData {

  static final List<String> CURRENCIES = List.of("USD", "EUR", "GBP");
  static final List<BigDecimal> PER_USD = List.of(BigDecimal.ONE, new BigDecimal("0.92"), new BigDecimal("0.79"));
  static final String[][] CAMPAIGNS = {
      {"Email Nurture", "Email", "EMAIL_MARKETING"},
      {"Trade Show Season", "Trade Show", "OFFLINE"},
      {"Partner Referral Program", "Partners", "REFERRALS"},
      {"Paid Search Always-On", "Advertisement", "PAID_SEARCH"},
      {"Webinar Series", "Webinar", "SOCIAL_MEDIA"}};
  static final String STANDARD_PRICEBOOK = SfIds.id("01s", 1);
  private static final Set<String> EARLY_FUNNEL = Set.of("subscriber", "lead", "marketingqualifiedlead");

  private final Business business;
  private final DerivedViews<String> views;

  SfData(Business business, DerivedViews<String> views) {
    this.business = business;
    this.views = views;
  }

  /** Every row of the object in Id order, recycle bin included, hard-deleted rows excluded. */
  List<SfRow> rows(String object) {
    return views.get(object, () -> {
      TreeMap<String, SfRow> sorted = new TreeMap<>();
      for (SfRow r : build(object)) {
        if (!views.purged(r.id())) {
          sorted.put(r.id(), r);
        }
      }
      return List.copyOf(sorted.values());
    });
  }

  private List<SfRow> build(String object) {
    return switch (object) {
      case "User" -> users();
      case "UserRole" -> roles();
      case "Account" -> accounts();
      case "Contact" -> contacts();
      case "Lead" -> leads();
      case "Opportunity" -> opportunities();
      case "OpportunityStage" -> stages();
      case "OpportunityHistory" -> history();
      case "OpportunityLineItem" -> lineItems();
      case "Product2" -> products();
      case "PricebookEntry" -> pricebookEntries();
      case "Campaign" -> campaigns();
      case "CampaignMember" -> campaignMembers();
      case "Task" -> activities(false);
      case "Event" -> activities(true);
      case "Case" -> cases();
      case "CurrencyType" -> currencyTypes();
      case "DatedConversionRate" -> datedRates();
      default -> List.of();
    };
  }

  // ---- ids ----

  static String userId(String ownerId) {
    return SfIds.id("005", ownerId);
  }

  static String accountId(String companyId) {
    return SfIds.id("001", companyId);
  }

  static String contactId(String contactId) {
    return SfIds.id("003", contactId);
  }

  static String leadId(String contactId) {
    return SfIds.id("00Q", contactId);
  }

  static String opportunityId(String dealId) {
    return SfIds.id("006", dealId);
  }

  // ---- objects ----

  private List<SfRow> users() {
    List<SfRow> out = new ArrayList<>();
    for (Owner o : business.owners()) {
      Map<String, Object> v = base(userId(o.id()), false, o.createdAt(), o.updatedAt());
      v.put("Username", o.email());
      v.put("Email", o.email());
      v.put("FirstName", o.firstName());
      v.put("LastName", o.lastName());
      v.put("Name", o.firstName() + " " + o.lastName());
      v.put("IsActive", !o.archived());
      Team primary = o.teams().stream().filter(Team::primary).findFirst().orElse(null);
      v.put("UserRoleId", primary == null ? null : SfIds.id("00E", primary.id()));
      out.add(row(v));
    }
    return out;
  }

  private List<SfRow> roles() {
    Map<String, Team> teams = new TreeMap<>();
    business.owners().forEach(o -> o.teams().forEach(t -> teams.putIfAbsent(t.id(), t)));
    Instant at = referenceInstant();
    List<SfRow> out = new ArrayList<>();
    for (Team t : teams.values()) {
      Map<String, Object> v = base(SfIds.id("00E", t.id()), false, at, at);
      v.put("Name", t.name());
      v.put("DeveloperName", t.name().replaceAll("[^A-Za-z0-9]+", "_"));
      v.put("ParentRoleId", null);
      out.add(row(v));
    }
    return out;
  }

  private List<SfRow> accounts() {
    Set<String> customers = new HashSet<>();
    for (Deal d : business.deals()) {
      if (!d.archived() && sf(d) && business.stageOf(d).won()) {
        customers.add(d.companyId());
      }
    }
    List<SfRow> out = new ArrayList<>();
    for (Company c : business.companies()) {
      if (!business.holds(Crm.SALESFORCE, c)) {
        continue;
      }
      Map<String, Object> v = base(accountId(c.id()), c.archived(), c.createdAt(), modstamp(c.updatedAt(), c.archivedAt()));
      v.put("Name", c.name());
      v.put("Website", "https://www." + c.domain());
      v.put("Industry", industry(c.industry()));
      v.put("NumberOfEmployees", c.employees());
      v.put("BillingCountry", c.country());
      v.put("Type", customers.contains(c.id()) ? "Customer" : "Prospect");
      v.put("OwnerId", userId(c.ownerId()));
      v.put("CurrencyIsoCode", "USD");
      v.put("Customer_Tier__c", c.employees() >= 1000 ? "Enterprise" : c.employees() >= 200 ? "Mid-Market" : "SMB");
      v.put("Employee_Band__c", c.employees() >= 1000 ? "1000+" : c.employees() >= 200 ? "200-999" : "1-199");
      out.add(row(v));
    }
    return out;
  }

  /** Contact ids on a Salesforce deal → the first such deal (by id). */
  private Map<String, String> firstSfDealOfContact() {
    Map<String, String> m = new HashMap<>();
    for (Deal d : business.deals()) {
      if (sf(d)) {
        d.contactIds().forEach(c -> m.putIfAbsent(c, d.id()));
      }
    }
    return m;
  }

  /** Whether a Salesforce person is an open (unconverted) Lead rather than a Contact. */
  private boolean openLead(Contact c, Map<String, String> firstDeal) {
    return !firstDeal.containsKey(c.id()) && EARLY_FUNNEL.contains(c.lifecycleStage());
  }

  private List<SfRow> contacts() {
    Map<String, String> firstDeal = firstSfDealOfContact();
    List<SfRow> out = new ArrayList<>();
    for (Contact c : business.contacts()) {
      if (!business.holds(Crm.SALESFORCE, c) || openLead(c, firstDeal)) {
        continue;
      }
      Map<String, Object> v = base(contactId(c.id()), c.archived(), c.createdAt(), modstamp(c.updatedAt(), c.archivedAt()));
      v.put("FirstName", c.firstName());
      v.put("LastName", c.lastName());
      v.put("Name", c.firstName() + " " + c.lastName());
      v.put("Email", salesforceEmail(c.email()));
      v.put("AccountId", sfCompany(c.companyId()) ? accountId(c.companyId()) : null);
      v.put("OwnerId", userId(c.ownerId()));
      v.put("LeadSource", leadSource(c.leadSource()));
      v.put("MailingCountry", business.company(c.companyId() == null ? "0" : c.companyId()).map(Company::country).orElse(null));
      v.put("CurrencyIsoCode", "USD");
      out.add(row(v));
    }
    return out;
  }

  private List<SfRow> leads() {
    Map<String, String> firstDeal = firstSfDealOfContact();
    List<SfRow> out = new ArrayList<>();
    for (Contact c : business.contacts()) {
      if (!business.holds(Crm.SALESFORCE, c)) {
        continue;
      }
      boolean open = openLead(c, firstDeal);
      Map<String, Object> v = base(leadId(c.id()), open && c.archived(), c.createdAt(),
          open ? modstamp(c.updatedAt(), c.archivedAt()) : c.createdAt());
      v.put("FirstName", c.firstName());
      v.put("LastName", c.lastName());
      v.put("Name", c.firstName() + " " + c.lastName());
      v.put("Email", salesforceEmail(c.email()));
      v.put("Company", business.company(c.companyId() == null ? "0" : c.companyId()).map(Company::name)
          .orElse("[not provided]"));
      v.put("Status", open ? ("NEW".equals(c.leadStatus()) ? "Open - Not Contacted" : "Working - Contacted")
          : "Closed - Converted");
      v.put("LeadSource", leadSource(c.leadSource()));
      v.put("IsConverted", !open);
      v.put("ConvertedDate", open ? null : LocalDate.ofInstant(c.createdAt(), ZoneOffset.UTC));
      v.put("ConvertedAccountId", !open && sfCompany(c.companyId()) ? accountId(c.companyId()) : null);
      v.put("ConvertedContactId", open ? null : contactId(c.id()));
      v.put("ConvertedOpportunityId", open || !firstDeal.containsKey(c.id()) ? null
          : opportunityId(firstDeal.get(c.id())));
      v.put("OwnerId", userId(c.ownerId()));
      v.put("CurrencyIsoCode", "USD");
      out.add(row(v));
    }
    return out;
  }

  private List<SfRow> opportunities() {
    Set<String> withLines = new HashSet<>();
    business.lineItems().forEach(l -> withLines.add(l.dealId()));
    List<SfRow> out = new ArrayList<>();
    for (Deal d : business.deals()) {
      if (!sf(d)) {
        continue;
      }
      Stage s = business.stageOf(d);
      Map<String, Object> v = base(opportunityId(d.id()), d.archived(), d.createdAt(), modstamp(d.updatedAt(), d.archivedAt()));
      v.put("Name", d.name());
      v.put("AccountId", accountId(d.companyId()));
      v.put("Amount", d.amount() == null ? null : decimal(d.amount()));
      v.put("CurrencyIsoCode", d.currency());
      v.put("StageName", s.label());
      v.put("Probability", percent(s.probability()));
      v.put("CloseDate", d.closeDate());
      v.put("IsClosed", s.closed());
      v.put("IsWon", s.won());
      String[] fc = forecast(s);
      v.put("ForecastCategory", fc[0]);
      v.put("ForecastCategoryName", fc[1]);
      v.put("LeadSource", leadSource(d.leadSource()));
      v.put("OwnerId", userId(d.ownerId()));
      v.put("Type", opportunityType(d.name()));
      v.put("CampaignId", campaignOf(d.leadSource()));
      v.put("Pricebook2Id", withLines.contains(d.id()) ? STANDARD_PRICEBOOK : null);
      v.put("HasOpportunityLineItem", withLines.contains(d.id()));
      v.put("Loss_Reason__c", d.lostReason());
      v.put("Region__c", d.region());
      out.add(row(v));
    }
    return out;
  }

  /** The union of both pipelines' stages by label; open stages in pipeline order, then Closed Won / Closed Lost. */
  List<Stage> stageList() {
    Map<String, Stage> open = new LinkedHashMap<>();
    Map<String, Stage> closed = new LinkedHashMap<>();
    for (Pipeline p : business.dealPipelines()) {
      for (Stage s : p.stages()) {
        (s.closed() ? closed : open).putIfAbsent(s.label(), s);
      }
    }
    List<Stage> all = new ArrayList<>(open.values());
    all.addAll(closed.values());
    return all;
  }

  private List<SfRow> stages() {
    List<SfRow> out = new ArrayList<>();
    List<Stage> all = stageList();
    Pipeline first = business.dealPipelines().get(0);
    for (int i = 0; i < all.size(); i++) {
      Stage s = all.get(i);
      Map<String, Object> v = base(SfIds.id("01J", i + 1), false, first.createdAt(), first.updatedAt());
      v.put("MasterLabel", s.label());
      v.put("ApiName", s.label());
      v.put("IsClosed", s.closed());
      v.put("IsWon", s.won());
      v.put("DefaultProbability", percent(s.probability()));
      String[] fc = forecast(s);
      v.put("ForecastCategory", fc[0]);
      v.put("ForecastCategoryName", fc[1]);
      v.put("SortOrder", i + 1);
      v.put("IsActive", true);
      v.put("Description", null);
      out.add(row(v));
    }
    return out;
  }

  private List<SfRow> history() {
    List<SfRow> out = new ArrayList<>();
    for (Deal d : business.deals()) {
      if (!sf(d) || views.purged(opportunityId(d.id()))) {
        continue;
      }
      Pipeline p = business.pipeline(d.pipelineId()).orElseThrow();
      List<StageVisit> journey = d.journey();
      for (int i = 0; i < journey.size(); i++) {
        StageVisit visit = journey.get(i);
        Stage s = p.stage(visit.stageId()).orElseThrow();
        Map<String, Object> v = base(SfIds.id("008", Long.parseLong(d.id()) * 100 + i), d.archived(),
            visit.enteredAt(), visit.enteredAt());
        v.remove("LastModifiedDate");
        v.put("OpportunityId", opportunityId(d.id()));
        v.put("StageName", s.label());
        v.put("Amount", d.amount() == null ? null : decimal(d.amount()));
        v.put("Probability", percent(s.probability()));
        v.put("CloseDate", d.closeDate());
        v.put("ForecastCategory", forecast(s)[0]);
        v.put("ExpectedRevenue", d.amount() == null ? null
            : d.amount().multiply(s.probability()).setScale(2, RoundingMode.HALF_UP));
        v.put("CurrencyIsoCode", d.currency());
        out.add(row(v));
      }
    }
    return out;
  }

  private List<SfRow> lineItems() {
    List<SfRow> out = new ArrayList<>();
    for (LineItem l : business.lineItems()) {
      Deal d = business.deal(l.dealId()).orElse(null);
      if (d == null || !sf(d) || views.purged(opportunityId(d.id()))) {
        continue;
      }
      Map<String, Object> v = base(SfIds.id("00k", l.id()), d.archived(), l.createdAt(), l.updatedAt());
      v.put("OpportunityId", opportunityId(d.id()));
      v.put("Product2Id", SfIds.id("01t", l.productId()));
      v.put("PricebookEntryId", SfIds.id("01u", Long.parseLong(l.productId()) * 10 + CURRENCIES.indexOf(l.currency())));
      v.put("Name", d.name() + " " + l.name());
      v.put("ProductCode", l.sku());
      v.put("Quantity", BigDecimal.valueOf(l.quantity()).setScale(1));
      v.put("UnitPrice", decimal(l.unitPrice()));
      v.put("ListPrice", decimal(l.unitPrice()));
      BigDecimal gross = l.unitPrice().multiply(BigDecimal.valueOf(l.quantity()));
      v.put("Discount", l.discount().signum() == 0 || gross.signum() == 0 ? null
          : l.discount().multiply(BigDecimal.valueOf(100)).divide(gross, 2, RoundingMode.HALF_UP));
      v.put("TotalPrice", decimal(l.amount()));
      v.put("CurrencyIsoCode", l.currency());
      out.add(row(v));
    }
    return out;
  }

  private List<SfRow> products() {
    List<SfRow> out = new ArrayList<>();
    for (Product p : business.products()) {
      Map<String, Object> v = base(SfIds.id("01t", p.id()), false, p.createdAt(), p.updatedAt());
      v.put("Name", p.name());
      v.put("ProductCode", p.sku());
      v.put("Family", p.recurringFrequency() == null ? "Services" : "Subscription");
      v.put("IsActive", true);
      v.put("Description", null);
      v.put("CurrencyIsoCode", "USD");
      out.add(row(v));
    }
    return out;
  }

  private List<SfRow> pricebookEntries() {
    List<SfRow> out = new ArrayList<>();
    for (Product p : business.products()) {
      for (int i = 0; i < CURRENCIES.size(); i++) {
        Map<String, Object> v = base(SfIds.id("01u", Long.parseLong(p.id()) * 10 + i), false, p.createdAt(),
            p.updatedAt());
        v.put("Name", p.name());
        v.put("Pricebook2Id", STANDARD_PRICEBOOK);
        v.put("Product2Id", SfIds.id("01t", p.id()));
        v.put("UnitPrice", p.unitPrice().multiply(PER_USD.get(i)).setScale(2, RoundingMode.HALF_UP));
        v.put("CurrencyIsoCode", CURRENCIES.get(i));
        v.put("IsActive", true);
        v.put("UseStandardPrice", false);
        v.put("ProductCode", p.sku());
        out.add(row(v));
      }
    }
    return out;
  }

  private List<SfRow> campaigns() {
    Map<String, Integer> responses = new HashMap<>();
    campaignMembers().forEach(r -> responses.merge((String) r.values().get("CampaignId"), 1, Integer::sum));
    Instant at = referenceInstant();
    LocalDate start = LocalDate.ofInstant(Business.AS_OF, ZoneOffset.UTC).minusYears(2);
    List<SfRow> out = new ArrayList<>();
    for (int i = 0; i < CAMPAIGNS.length; i++) {
      String id = SfIds.id("701", i + 1);
      Map<String, Object> v = base(id, false, at, at);
      v.put("Name", CAMPAIGNS[i][0]);
      v.put("Type", CAMPAIGNS[i][1]);
      v.put("Status", "In Progress");
      v.put("StartDate", start.plusMonths(i));
      v.put("EndDate", null);
      v.put("IsActive", true);
      v.put("NumberSent", BigDecimal.valueOf(1000L * (i + 1)).setScale(1));
      v.put("NumberOfResponses", responses.getOrDefault(id, 0));
      v.put("CurrencyIsoCode", "USD");
      out.add(row(v));
    }
    return out;
  }

  private List<SfRow> campaignMembers() {
    Map<String, String> firstDeal = firstSfDealOfContact();
    Map<String, SfRow> out = new TreeMap<>();
    for (Deal d : business.deals()) {
      String campaign = campaignOf(d.leadSource());
      if (!sf(d) || d.archived() || campaign == null) {
        continue;
      }
      int idx = campaignIndex(d.leadSource());
      for (String cid : d.contactIds()) {
        Contact c = business.contact(cid).orElse(null);
        if (c == null || c.archived() || !business.holds(Crm.SALESFORCE, c) || openLead(c, firstDeal)) {
          continue;
        }
        String id = SfIds.id("00v", Long.parseLong(cid) * 8 + idx);
        if (out.containsKey(id)) {
          continue;
        }
        Map<String, Object> v = base(id, false, d.createdAt(), d.createdAt());
        v.put("CampaignId", campaign);
        v.put("ContactId", contactId(cid));
        v.put("LeadId", leadId(cid));
        v.put("Status", "Responded");
        v.put("HasResponded", true);
        v.put("FirstRespondedDate", LocalDate.ofInstant(d.createdAt(), ZoneOffset.UTC));
        out.put(id, row(v));
      }
    }
    return new ArrayList<>(out.values());
  }

  private List<SfRow> activities(boolean events) {
    Map<String, String> firstDeal = firstSfDealOfContact();
    List<SfRow> out = new ArrayList<>();
    for (ActivityType t : ActivityType.values()) {
      if (t == ActivityType.NOTE || (t == ActivityType.MEETING) != events) {
        continue; // notes are ContentNote in Salesforce: not served
      }
      for (Activity a : business.activities(t)) {
        if (!business.holds(Crm.SALESFORCE, a)) {
          continue;
        }
        Map<String, Object> v = base(SfIds.id(events ? "00U" : "00T", a.id()), false, a.createdAt(), a.updatedAt());
        v.put("Subject", a.title() == null ? "(no subject)" : a.title());
        String what = a.dealId() != null && business.deal(a.dealId()).map(this::sf).orElse(false)
            ? opportunityId(a.dealId()) : sfCompany(a.companyId()) ? accountId(a.companyId()) : null;
        v.put("WhatId", what);
        v.put("WhoId", who(a.contactId(), firstDeal));
        v.put("AccountId", sfCompany(a.companyId()) ? accountId(a.companyId()) : null);
        v.put("OwnerId", userId(a.ownerId()));
        v.put("Description", a.body());
        v.put("ActivityDate", LocalDate.ofInstant(a.timestamp(), ZoneOffset.UTC));
        v.put("IsArchived", false);
        if (events) {
          Instant end = a.endsAt() == null ? a.timestamp().plusSeconds(1800) : a.endsAt();
          v.put("EventSubtype", "Event");
          v.put("StartDateTime", a.timestamp());
          v.put("EndDateTime", end);
          v.put("ActivityDateTime", a.timestamp());
          v.put("DurationInMinutes", (int) java.time.Duration.between(a.timestamp(), end).toMinutes());
          v.put("Meeting_Outcome__c", a.outcome());
        } else {
          String status = t == ActivityType.TASK && "NOT_STARTED".equals(a.status()) ? "Not Started" : "Completed";
          v.put("TaskSubtype", switch (t) {
            case CALL -> "Call";
            case EMAIL -> "Email";
            default -> "Task";
          });
          v.put("Status", status);
          v.put("Priority", "Normal");
          v.put("IsClosed", "Completed".equals(status));
          v.put("CallDurationInSeconds", t == ActivityType.CALL && a.durationMillis() != null
              ? (int) (a.durationMillis() / 1000) : null);
          v.put("CallType", t == ActivityType.CALL && a.direction() != null
              ? ("INBOUND".equals(a.direction()) ? "Inbound" : "Outbound") : null);
          v.put("CallDisposition", t == ActivityType.CALL ? disposition(a.outcome()) : null);
        }
        out.add(row(v));
      }
    }
    return out;
  }

  private List<SfRow> cases() {
    Map<String, String> firstDeal = firstSfDealOfContact();
    List<SfRow> out = new ArrayList<>();
    int n = 0;
    for (Ticket t : business.tickets()) {
      n++;
      if (!business.holds(Crm.SALESFORCE, t)) {
        continue;
      }
      Stage s = business.stageOf(t);
      Map<String, Object> v = base(SfIds.id("500", t.id()), false, t.createdAt(), t.updatedAt());
      v.put("CaseNumber", String.format("%08d", n));
      v.put("Subject", t.subject());
      v.put("Status", switch (s.label()) {
        case "New" -> "New";
        case "Waiting on contact" -> "On Hold";
        case "Closed" -> "Closed";
        default -> "Working";
      });
      v.put("Priority", switch (t.priority()) {
        case "LOW" -> "Low";
        case "MEDIUM" -> "Medium";
        default -> "High";
      });
      v.put("Origin", switch (t.sourceType()) {
        case "EMAIL" -> "Email";
        case "PHONE" -> "Phone";
        case "CHAT" -> "Chat";
        default -> "Web";
      });
      v.put("Type", switch (t.category()) {
        case "PRODUCT_ISSUE" -> "Problem";
        case "FEATURE_REQUEST" -> "Feature Request";
        default -> "Question";
      });
      v.put("Reason", null);
      v.put("AccountId", sfCompany(t.companyId()) ? accountId(t.companyId()) : null);
      String who = who(t.contactId(), firstDeal);
      v.put("ContactId", who != null && who.startsWith("003") ? who : null);
      v.put("OwnerId", userId(t.ownerId()));
      v.put("IsClosed", s.closed());
      v.put("ClosedDate", t.closedAt());
      v.put("Product_SKU__c", t.productSku());
      out.add(row(v));
    }
    return out;
  }

  private List<SfRow> currencyTypes() {
    Instant at = referenceInstant();
    List<SfRow> out = new ArrayList<>();
    for (int i = 0; i < CURRENCIES.size(); i++) {
      Map<String, Object> v = base(SfIds.id("02B", i + 1), false, at, at);
      v.put("IsoCode", CURRENCIES.get(i));
      v.put("ConversionRate", PER_USD.get(i).setScale(6, RoundingMode.HALF_UP));
      v.put("DecimalPlaces", 2);
      v.put("IsActive", true);
      v.put("IsCorporate", i == 0);
      out.add(row(v));
    }
    return out;
  }

  private List<SfRow> datedRates() {
    Instant at = referenceInstant();
    List<SfRow> out = new ArrayList<>();
    int n = 0;
    for (String currency : OrgRates.FOREIGN) {
      for (OrgRates.DatedRate r : OrgRates.salesforceDated(currency)) {
        Map<String, Object> v = base(SfIds.id("04w", ++n), false, at, at);
        v.put("IsoCode", currency);
        v.put("ConversionRate", r.rate());
        v.put("StartDate", r.start());
        v.put("NextStartDate", r.nextStart());
        out.add(row(v));
      }
    }
    return out;
  }

  // ---- helpers ----

  private boolean sf(Deal d) {
    return business.holder(d) == Crm.SALESFORCE;
  }

  private boolean sfCompany(String companyId) {
    return companyId != null && business.company(companyId).map(c -> business.holds(Crm.SALESFORCE, c)).orElse(false);
  }

  private String who(String contactId, Map<String, String> firstDeal) {
    Contact c = contactId == null ? null : business.contact(contactId).orElse(null);
    if (c == null || !business.holds(Crm.SALESFORCE, c)) {
      return null;
    }
    return openLead(c, firstDeal) ? leadId(c.id()) : contactId(c.id());
  }

  private Instant referenceInstant() {
    return business.dealPipelines().isEmpty() ? Business.AS_OF : business.dealPipelines().get(0).createdAt();
  }

  private static Map<String, Object> base(String id, boolean deleted, Instant created, Instant modstamp) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("Id", id);
    v.put("IsDeleted", deleted);
    v.put("CreatedDate", created);
    v.put("LastModifiedDate", modstamp);
    v.put("SystemModstamp", modstamp);
    return v;
  }

  private static SfRow row(Map<String, Object> v) {
    return new SfRow((String) v.get("Id"), Boolean.TRUE.equals(v.get("IsDeleted")), Collections.unmodifiableMap(v));
  }

  /** Deleting a record bumps its SystemModstamp; the business keeps the deletion time apart. */
  private static Instant modstamp(Instant updated, Instant archived) {
    return archived != null && archived.isAfter(updated) ? archived : updated;
  }

  private static BigDecimal decimal(BigDecimal v) {
    return v.scale() < 1 ? v.setScale(1) : v;
  }

  private static BigDecimal percent(BigDecimal probability) {
    return probability == null ? null : probability.movePointRight(2).setScale(1, RoundingMode.HALF_UP);
  }

  /** {ForecastCategory API value, ForecastCategoryName label}. */
  static String[] forecast(Stage s) {
    if (s.closed()) {
      return s.won() ? new String[] {"Closed", "Closed"} : new String[] {"Omitted", "Omitted"};
    }
    double p = s.probability() == null ? 0 : s.probability().doubleValue();
    return p >= 0.8 ? new String[] {"Forecast", "Commit"} : p >= 0.5 ? new String[] {"BestCase", "Best Case"}
        : new String[] {"Pipeline", "Pipeline"};
  }

  /** HubSpot's analytics sources as Salesforce LeadSource picklist values. */
  static String leadSource(String hubspotSource) {
    if (hubspotSource == null) {
      return null;
    }
    return switch (hubspotSource) {
      case "ORGANIC_SEARCH" -> "Web";
      case "PAID_SEARCH" -> "Advertisement";
      case "EMAIL_MARKETING" -> "Email";
      case "SOCIAL_MEDIA" -> "Social Media";
      case "REFERRALS" -> "Partner Referral";
      case "OFFLINE" -> "Trade Show";
      default -> "Other";
    };
  }

  private static int campaignIndex(String leadSource) {
    for (int i = 0; i < CAMPAIGNS.length; i++) {
      if (CAMPAIGNS[i][2].equals(leadSource)) {
        return i;
      }
    }
    return -1;
  }

  private static String campaignOf(String leadSource) {
    int i = campaignIndex(leadSource);
    return i < 0 ? null : SfIds.id("701", i + 1);
  }

  private static String opportunityType(String name) {
    String kind = name.substring(name.lastIndexOf(' ') + 1);
    return switch (kind) {
      case "renewal" -> "Existing Customer - Renewal";
      case "upsell", "expansion" -> "Existing Customer - Upgrade";
      default -> "New Business";
    };
  }

  private static String disposition(String hubspotOutcome) {
    if (hubspotOutcome == null) {
      return null;
    }
    return switch (hubspotOutcome) {
      case "f240bbac-87c9-4f6e-bf70-924b57d47db7" -> "Connected";
      case "73a0d17f-1163-4015-bdd5-ec830791da20" -> "No Answer";
      case "b2cf5968-551e-4856-9783-52b3da59a7d0" -> "Left Voicemail";
      case "9d9162e7-6cf3-4944-bf63-4dff82258764" -> "Busy";
      default -> hubspotOutcome;
    };
  }

  private static String industry(String hubspot) {
    return switch (hubspot) {
      case "COMPUTER_SOFTWARE" -> "Technology";
      case "FINANCIAL_SERVICES" -> "Finance";
      case "HOSPITAL_HEALTH_CARE" -> "Healthcare";
      case "LOGISTICS_AND_SUPPLY_CHAIN" -> "Transportation";
      case "MARKETING_AND_ADVERTISING" -> "Media";
      case "FOOD_PRODUCTION" -> "Food & Beverage";
      case "AUTOMOTIVE" -> "Manufacturing";
      default -> "Retail";
    };
  }

  /** The same address as in HubSpot, cased as a Salesforce user typed it ("Anna.Adams.3@…"): equal lower-cased. */
  static String salesforceEmail(String email) {
    if (email == null) {
      return null;
    }
    int at = email.indexOf('@');
    if (at < 0) {
      return email;
    }
    StringBuilder sb = new StringBuilder();
    boolean up = true;
    for (int i = 0; i < at; i++) {
      char ch = email.charAt(i);
      sb.append(up ? Character.toUpperCase(ch) : ch);
      up = ch == '.';
    }
    return sb.append(email.substring(at)).toString();
  }
}
