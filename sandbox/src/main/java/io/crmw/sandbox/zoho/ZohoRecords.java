package io.crmw.sandbox.zoho;

import static io.crmw.sandbox.SimulatedApi.object;

import io.crmw.sandbox.DerivedViews;
import io.crmw.sandbox.Paging.Row;
import io.crmw.sandbox.business.Activity;
import io.crmw.sandbox.business.ActivityType;
import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.BusinessGenerator;
import io.crmw.sandbox.business.Campaigns;
import io.crmw.sandbox.business.Company;
import io.crmw.sandbox.business.Contact;
import io.crmw.sandbox.business.Crm;
import io.crmw.sandbox.business.Deal;
import io.crmw.sandbox.business.LineItem;
import io.crmw.sandbox.business.Owner;
import io.crmw.sandbox.business.Stage;
import io.crmw.sandbox.business.StageVisit;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Zoho's share of the live {@link Business} (the field-sales deals, see {@code CrmSplit}) as Zoho CRM records, each a
 * {@link Row} whose fields are every API name of its module's {@link ZohoCatalog} fields (null when empty), rebuilt
 * when the business or the purged set changes. A person is a Contact, or an unconverted Lead when early in the funnel
 * and on no Zoho deal; a Contact on a Zoho deal also has the converted Lead it came from. E-mails are logged as Tasks.
 */
final class ZohoRecords {

  /** Deletes stay in the recycle bin for 60 days (counted back from the business's today), then are permanent. */
  static final Instant RECYCLE_SINCE = Business.AS_OF.minus(Duration.ofDays(60));
  private static final List<String> EARLY_FUNNEL = List.of("lead", "marketingqualifiedlead", "salesqualifiedlead");
  /** Price-list factors of the generator: record currency per USD, the org's home currency. */
  static final Map<String, BigDecimal> PER_USD = Map.of("USD", BigDecimal.ONE, "EUR", new BigDecimal("0.92"),
      "GBP", new BigDecimal("0.79"));

  /** Id blocks: Zoho ids are 19 digits, the org's prefix, a block per kind and the business number in it. */
  enum Kind { ACCOUNT, CONTACT, DEAL, LEAD, PRODUCT, USER, CALL, EMAIL_TASK, TASK, EVENT, CAMPAIGN, SALES_ORDER, QUOTE,
    INVOICE, ORDERED_ITEM, QUOTED_ITEM, INVOICED_ITEM, STAGE_HISTORY, META }

  private static final long ORG = 4_876_876_000_000_000_000L;

  static long id(Kind kind, String businessId) {
    return id(kind, Long.parseLong(businessId));
  }

  static long id(Kind kind, long number) {
    return ORG + (kind.ordinal() + 1) * 10_000_000_000L + Math.floorMod(number, 1_000_000_000L);
  }

  private final Business business;
  private final DerivedViews<Long> views;

  ZohoRecords(Business business, DerivedViews<Long> views) {
    this.business = business;
    this.views = views;
  }

  /** The live records of a module, or null for a module Zoho does not serve here. */
  List<Row> module(String module) {
    return switch (module) {
      case "Deals" -> views.get(module, () -> held().stream().filter(d -> !d.archived()).map(this::deal).toList());
      case "Accounts" -> views.get(module, () -> companies().filter(c -> !c.archived()).map(this::account).toList());
      case "Contacts" -> views.get(module, () -> people().filter(c -> !c.archived() && !openLead(c))
          .map(this::contact).toList());
      case "Leads" -> views.get(module, this::leads);
      case "Calls" -> activities(module, ActivityType.CALL);
      case "Tasks" -> activities(module, ActivityType.TASK, ActivityType.EMAIL);
      case "Events" -> activities(module, ActivityType.MEETING);
      case "Campaigns" -> campaigns();
      case "Products" -> views.get(module, () -> business.products().stream().map(p -> record(p.createdAt(),
          p.updatedAt(), id(Kind.PRODUCT, p.id()), firstOwner(), object("Product_Name", p.name(), "Product_Code",
              p.sku(), "Unit_Price", p.unitPrice(), "Product_Active", true, "Taxable", false))).toList());
      case "Sales_Orders", "Quotes", "Invoices" -> views.get(module, () -> orders(module));
      default -> null;
    };
  }

  // ---- deals ----

  /** Zoho's deals, deleted ones too, that are not purged. */
  List<Deal> held() {
    return views.get("held", () -> business.byId("deals", Crm.ZOHO).values().stream().map(Deal.class::cast)
        .filter(d -> !views.purged(id(Kind.DEAL, d.id()))).toList());
  }

  Optional<Deal> deal(long zohoId) {
    Map<Long, Deal> byId = views.get("dealsById", () -> held().stream()
        .collect(Collectors.toMap(d -> id(Kind.DEAL, d.id()), d -> d)));
    return Optional.ofNullable(byId.get(zohoId));
  }

  private Row deal(Deal d) {
    Stage stage = business.stageOf(d);
    int probability = probability(stage);
    Contact contact = d.contactIds().stream().map(c -> business.contact(c).orElse(null))
        .filter(c -> c != null && business.holds(Crm.ZOHO, c)).findFirst().orElse(null);
    Campaigns.Campaign campaign = contact == null ? null : Campaigns.firstTouchOf(contact);
    LocalDate created = LocalDate.ofInstant(d.createdAt(), ZoneOffset.UTC);
    Long duration = stage.closed() && d.closeDate() != null ? ChronoUnit.DAYS.between(created, d.closeDate()) : null;
    return record(d.createdAt(), d.updatedAt(), id(Kind.DEAL, d.id()), d.ownerId(), object("Deal_Name", d.name(),
        "Amount", d.amount(), "Currency", d.currency(), "Exchange_Rate", PER_USD.get(d.currency()),
        "$currency_symbol", Map.of("USD", "$", "EUR", "€", "GBP", "£").get(d.currency()),
        "Closing_Date", date(d.closeDate()), "Stage", stage.label(), "Pipeline", object("name", "Standard", "id",
            ZohoCatalog.metaId("pipeline:" + BusinessGenerator.DEFAULT_PIPELINE)), "Probability", probability,
        "Expected_Revenue", d.amount() == null ? null : d.amount().multiply(BigDecimal.valueOf(probability))
            .movePointLeft(2).setScale(2, RoundingMode.HALF_UP),
        "Lead_Source", ZohoCatalog.leadSource(d.leadSource()),
        "Reason_For_Loss__s", stage.lost() ? d.lostReason() : null,
        "Type", d.name().endsWith("new business") || d.name().endsWith("pilot") ? "New Business" : "Existing Business",
        "Account_Name", account(d.companyId()), "Contact_Name", contact == null ? null : lookup(Kind.CONTACT,
            contact.id(), contact.firstName() + " " + contact.lastName()),
        "Campaign_Source", campaign == null ? null : object("name", campaign.name(), "id",
            Long.toString(id(Kind.CAMPAIGN, Campaigns.ALL.indexOf(campaign) + 1))),
        "Overall_Sales_Duration", duration, "Sales_Cycle_Duration", duration, "Locked__s", false,
        "Layout", ZohoCatalog.standardLayout(), "Deal_Category_Status", stage.won() ? "Won" : stage.lost() ? "Lost"
            : "Open",
        "Region__c", d.region(), "Seats__c", d.amount() == null ? null : d.amount().intValue() / 1000 + 1,
        "Segment__c", "Mid-Market", "Product_Line__c", "Platform"));
  }

  static int probability(Stage s) {
    return s.probability() == null ? 0 : s.probability().movePointRight(2).intValue();
  }

  /** The stages the deal entered, newest first, as its Stage_History related list. */
  List<Map<String, Object>> stageHistory(Deal d) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < d.journey().size(); i++) {
      StageVisit v = d.journey().get(i);
      Stage s = business.pipeline(d.pipelineId()).flatMap(p -> p.stage(v.stageId())).orElse(null);
      if (s == null) {
        continue;
      }
      out.add(0, object("id", Long.toString(id(Kind.STAGE_HISTORY, id(Kind.DEAL, d.id()) % 100_000_000 * 10 + i)),
          "Stage", s.label(), "Probability", probability(s), "Amount", d.amount(), "Closing_Date", date(d.closeDate()),
          "Expected_Revenue", d.amount() == null ? null : d.amount().multiply(BigDecimal.valueOf(probability(s)))
              .movePointLeft(2).setScale(2, RoundingMode.HALF_UP),
          "Stage_Duration", v.exitedAt() == null ? null : Duration.between(v.enteredAt(), v.exitedAt()).toDays(),
          "Modified_By", owner(d.ownerId()), "Modified_Time", ZohoCatalog.time(v.enteredAt())));
    }
    return out;
  }

  /** Deleted deals, accounts and contacts: the recycle bin (60 days), older ones permanent (no display name). */
  List<Map<String, Object>> deleted(String module, String type) {
    Stream<Map<String, Object>> all = switch (module) {
      case "Deals" -> held().stream().filter(Deal::archived).map(d -> deleted(id(Kind.DEAL, d.id()), d.name(),
          d.ownerId(), d.archivedAt()));
      case "Accounts" -> companies().filter(Company::archived).map(c -> deleted(id(Kind.ACCOUNT, c.id()), c.name(),
          c.ownerId(), c.archivedAt()));
      case "Contacts" -> people().filter(Contact::archived).map(c -> deleted(id(Kind.CONTACT, c.id()),
          c.firstName() + " " + c.lastName(), c.ownerId(), c.archivedAt()));
      default -> Stream.of();
    };
    return all.filter(m -> type.equals("all") || type.equals(m.get("type")))
        .sorted(Comparator.comparing((Map<String, Object> m) -> (String) m.get("deleted_time")).reversed()).toList();
  }

  private Map<String, Object> deleted(long id, String name, String ownerId, Instant at) {
    boolean recycle = !at.isBefore(RECYCLE_SINCE);
    return object("id", Long.toString(id), "display_name", recycle ? name : null,
        "type", recycle ? "recycle" : "permanent", "created_by", owner(ownerId), "deleted_by", owner(ownerId),
        "deleted_time", ZohoCatalog.time(at));
  }

  // ---- accounts, contacts, leads ----

  private Stream<Company> companies() {
    return business.byId("companies", Crm.ZOHO).values().stream().map(Company.class::cast);
  }

  private Stream<Contact> people() {
    return business.byId("contacts", Crm.ZOHO).values().stream().map(Contact.class::cast);
  }

  private Row account(Company c) {
    return record(c.createdAt(), c.updatedAt(), id(Kind.ACCOUNT, c.id()), c.ownerId(), object("Account_Name", c.name(),
        "Website", "www." + c.domain(), "Industry", c.industry(), "Employees", c.employees(),
        "Billing_Country", c.country(), "Account_Type", dealsByContact().values().stream()
            .anyMatch(d -> c.id().equals(d.companyId()) && business.stageOf(d).won()) ? "Customer" : "Prospect"));
  }

  private Row contact(Contact c) {
    return record(c.createdAt(), c.updatedAt(), id(Kind.CONTACT, c.id()), c.ownerId(), object("First_Name",
        c.firstName(), "Last_Name", c.lastName(), "Full_Name", c.firstName() + " " + c.lastName(), "Email", c.email(),
        "Account_Name", account(c.companyId()), "Lead_Source", ZohoCatalog.leadSource(c.leadSource()),
        "Email_Opt_Out", false, "Lifecycle_Stage__c", c.lifecycleStage()));
  }

  /** The first live Zoho deal of each person on one. */
  private Map<String, Deal> dealsByContact() {
    return views.get("dealsByContact", () -> {
      Map<String, Deal> out = new HashMap<>();
      held().stream().filter(d -> !d.archived()).forEach(d -> d.contactIds().forEach(c -> out.putIfAbsent(c, d)));
      return out;
    });
  }

  private boolean openLead(Contact c) {
    return EARLY_FUNNEL.contains(c.lifecycleStage()) && !dealsByContact().containsKey(c.id());
  }

  /** Open leads, and the converted lead of every Contact on a Zoho deal. */
  private List<Row> leads() {
    return people().filter(c -> !c.archived() && (openLead(c) || dealsByContact().containsKey(c.id()))).map(c -> {
      Deal d = dealsByContact().get(c.id());
      Instant converted = d == null ? null : d.createdAt().isAfter(c.createdAt()) ? d.createdAt() : c.createdAt();
      Company company = c.companyId() == null ? null : business.company(c.companyId()).orElse(null);
      Map<String, Object> detail = d == null ? Map.of() : object("converted_date", ZohoCatalog.time(converted),
          "deal", lookup(Kind.DEAL, d.id(), d.name()), "contact", lookup(Kind.CONTACT, c.id(),
              c.firstName() + " " + c.lastName()), "account", account(c.companyId()), "convert_by", owner(c.ownerId()));
      return record(c.createdAt(), d == null ? c.updatedAt() : converted, id(Kind.LEAD, c.id()), c.ownerId(),
          object("First_Name", c.firstName(), "Last_Name", c.lastName(), "Full_Name", c.firstName() + " "
              + c.lastName(), "Email", c.email(), "Company", company == null ? null : company.name(),
              "Industry", company == null ? null : company.industry(),
              "Lead_Source", ZohoCatalog.leadSource(c.leadSource()), "Lead_Status", d != null ? "Converted"
                  : ZohoCatalog.leadStatus(c.leadStatus()), "Converted_Date_Time", ZohoCatalog.time(converted),
              "$converted", d != null, "$converted_detail", detail));
    }).toList();
  }

  // ---- activities, campaigns ----

  private List<Row> activities(String module, ActivityType... types) {
    return views.get(module, () -> Stream.of(types).flatMap(t -> business.byId(t.objectType(), Crm.ZOHO).values()
        .stream()).map(a -> activity((Activity) a)).sorted(Comparator.comparingLong(Row::id)).toList());
  }

  private Row activity(Activity a) {
    Deal deal = a.dealId() == null ? null : business.deal(a.dealId()).filter(d -> business.holds(Crm.ZOHO, d))
        .orElse(null);
    Map<String, Object> what = deal != null ? lookup(Kind.DEAL, deal.id(), deal.name()) : account(a.companyId());
    Contact who = a.contactId() == null ? null : business.contact(a.contactId())
        .filter(c -> business.holds(Crm.ZOHO, c) && !openLead(c)).orElse(null);
    Map<String, Object> j = object("What_Id", what, "$se_module", deal != null ? "Deals" : what != null ? "Accounts"
        : null, "Who_Id", who == null ? null : lookup(Kind.CONTACT, who.id(), who.firstName() + " " + who.lastName()),
        "Description", a.body());
    Kind kind = switch (a.type()) {
      case CALL -> {
        long seconds = a.durationMillis() == null ? 0 : a.durationMillis() / 1000;
        j.putAll(object("Subject", a.title(), "Call_Type", "INBOUND".equals(a.direction()) ? "Inbound" : "Outbound",
            "Call_Start_Time", ZohoCatalog.time(a.timestamp()), "Call_Duration_in_seconds", seconds,
            "Call_Duration", String.format("%02d:%02d", seconds / 60, seconds % 60), "Call_Result", a.outcome()));
        yield Kind.CALL;
      }
      case MEETING -> {
        j.putAll(object("Event_Title", a.title(), "Start_DateTime", ZohoCatalog.time(a.timestamp()),
            "End_DateTime", ZohoCatalog.time(a.endsAt() == null ? a.timestamp().plusSeconds(1800) : a.endsAt()),
            "All_day", false, "Participants", List.of()));
        yield Kind.EVENT;
      }
      default -> {
        boolean done = a.type() == ActivityType.EMAIL || "COMPLETED".equals(a.status());
        j.putAll(object("Subject", a.type() == ActivityType.EMAIL ? "Email: " + a.title() : a.title(),
            "Due_Date", date(LocalDate.ofInstant(a.timestamp(), ZoneOffset.UTC)), "Status", done ? "Completed"
                : "Not Started", "Priority", "Normal", "Closed_Time", done ? ZohoCatalog.time(a.updatedAt()) : null));
        yield a.type() == ActivityType.EMAIL ? Kind.EMAIL_TASK : Kind.TASK;
      }
    };
    return record(a.createdAt(), a.updatedAt(), id(kind, a.id()), a.ownerId(), j);
  }

  private List<Row> campaigns() {
    Instant created = Business.AS_OF.minus(Duration.ofDays(400));
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < Campaigns.ALL.size(); i++) {
      Campaigns.Campaign c = Campaigns.ALL.get(i);
      LocalDate start = LocalDate.ofInstant(created, ZoneOffset.UTC).plusDays(45L * i);
      out.add(record(created, created.plus(Duration.ofDays(45L * i + 30)), id(Kind.CAMPAIGN, i + 1), firstOwner(),
          object("Campaign_Name", c.name(), "Type", i % 2 == 0 ? "Webinar" : "Email", "Status", "Complete",
              "Start_Date", date(start), "End_Date", date(start.plusDays(30)), "Budgeted_Cost", c.cost(),
              "Actual_Cost", c.cost())));
    }
    return out;
  }

  // ---- sales orders, quotes, invoices ----

  /**
   * Quotes for every live Zoho deal with line items; a sales order and an invoice for every won one; each carries
   * the deal's line items as its subform.
   */
  private List<Row> orders(String module) {
    Map<String, List<LineItem>> lines = business.lineItems().stream().collect(Collectors.groupingBy(LineItem::dealId,
        LinkedHashMap::new, Collectors.toList()));
    return held().stream().filter(d -> !d.archived() && lines.containsKey(d.id()))
        .filter(d -> module.equals("Quotes") || business.stageOf(d).won())
        .map(d -> order(module, d, lines.get(d.id()))).toList();
  }

  private Row order(String module, Deal d, List<LineItem> lines) {
    Stage stage = business.stageOf(d);
    Kind kind = switch (module) {
      case "Quotes" -> Kind.QUOTE;
      case "Invoices" -> Kind.INVOICE;
      default -> Kind.SALES_ORDER;
    };
    Kind itemKind = Kind.values()[kind.ordinal() + Kind.ORDERED_ITEM.ordinal() - Kind.SALES_ORDER.ordinal()];
    List<Map<String, Object>> items = lines.stream().map(l -> {
      BigDecimal total = l.unitPrice().multiply(BigDecimal.valueOf(l.quantity()));
      return object("id", Long.toString(id(itemKind, l.id())), "Product_Name", business.products().stream()
              .filter(p -> p.id().equals(l.productId())).findFirst().map(p -> lookup(Kind.PRODUCT, p.id(), p.name()))
              .orElse(null), "Quantity", l.quantity(), "List_Price", l.unitPrice(), "Discount", l.discount(),
          "Total", total, "Net_Total", l.amount(), "Tax", BigDecimal.ZERO);
    }).toList();
    BigDecimal sub = lines.stream().map(LineItem::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    Instant created = module.equals("Quotes") || d.journey().isEmpty() ? d.createdAt().plus(Duration.ofDays(1))
        : d.journey().get(d.journey().size() - 1).enteredAt(); // won orders: when the deal was won
    created = created.isAfter(d.updatedAt()) ? d.updatedAt() : created;
    LocalDate day = LocalDate.ofInstant(created, ZoneOffset.UTC);
    Map<String, Object> j = object("Subject", d.name(), "Deal_Name", lookup(Kind.DEAL, d.id(), d.name()),
        "Account_Name", account(d.companyId()), "Currency", d.currency(), "Exchange_Rate", PER_USD.get(d.currency()),
        "Sub_Total", sub, "Discount", BigDecimal.ZERO, "Tax", BigDecimal.ZERO, "Adjustment", BigDecimal.ZERO,
        "Grand_Total", sub, "Due_Date", date(day.plusDays(30)));
    switch (kind) {
      case QUOTE -> j.putAll(object("Quote_Stage", stage.won() ? "Confirmed" : stage.lost() ? "Closed Lost"
          : "Delivered", "Quoted_Items", items, "Valid_Till", date(day.plusDays(30))));
      case INVOICE -> j.putAll(object("Status", "Paid", "Invoiced_Items", items, "Invoice_Date", date(day),
          "Sales_Order", lookup(Kind.SALES_ORDER, d.id(), d.name())));
      default -> j.putAll(object("Status", "Delivered", "Ordered_Items", items));
    }
    return record(created, d.updatedAt().isAfter(created) ? d.updatedAt() : created, id(kind, d.id()), d.ownerId(), j);
  }

  // ---- users, lookups, rendering ----

  List<Map<String, Object>> users() {
    List<Map<String, Object>> out = new ArrayList<>();
    List<String> roles = ZohoCatalog.reference("roles");
    for (Owner o : business.owners()) {
      int role = out.isEmpty() ? 0 : out.size() % 5 == 1 ? 1 : 2;
      out.add(object("id", Long.toString(id(Kind.USER, o.id())), "first_name", o.firstName(), "last_name",
          o.lastName(), "full_name", o.firstName() + " " + o.lastName(), "email", o.email(),
          "status", o.archived() ? "disabled" : "active", "confirm", true,
          "role", object("name", roles.get(role), "id", ZohoCatalog.metaId("role:" + roles.get(role))),
          "profile", object("name", role == 0 ? "Administrator" : "Standard", "id", ZohoCatalog.metaId("profile:"
              + (role == 0))), "time_zone", ZohoCatalog.ZONE.getId(), "locale", "en_GB",
          "created_time", ZohoCatalog.time(o.createdAt()), "Modified_Time", ZohoCatalog.time(o.updatedAt())));
    }
    return out;
  }

  private String firstOwner() {
    return business.owners().isEmpty() ? null : business.owners().get(0).id();
  }

  private Map<String, Object> owner(String ownerId) {
    Owner o = ownerId == null ? null : business.owner(ownerId).orElse(null);
    return o == null ? null : object("name", o.firstName() + " " + o.lastName(), "id",
        Long.toString(id(Kind.USER, o.id())), "email", o.email());
  }

  private Map<String, Object> account(String companyId) {
    return companyId == null ? null : business.company(companyId).filter(c -> business.holds(Crm.ZOHO, c))
        .map(c -> lookup(Kind.ACCOUNT, c.id(), c.name())).orElse(null);
  }

  private static Map<String, Object> lookup(Kind kind, String businessId, String name) {
    return object("name", name, "id", Long.toString(id(kind, businessId)));
  }

  private static String date(LocalDate d) {
    return d == null ? null : d.toString();
  }

  /** A record: {@code id}, its fields, owner and audit fields, times in the org's offset; whole seconds. */
  private Row record(Instant created, Instant updated, long id, String ownerId, Map<String, Object> fields) {
    Map<String, Object> j = object("id", Long.toString(id));
    j.putAll(fields);
    Map<String, Object> owner = owner(ownerId);
    j.putAll(object("Owner", owner, "Created_By", owner, "Modified_By", owner, "Created_Time",
        ZohoCatalog.time(created), "Modified_Time", ZohoCatalog.time(updated), "Tag", List.of()));
    return new Row(id, created.truncatedTo(ChronoUnit.SECONDS), updated.truncatedTo(ChronoUnit.SECONDS), j);
  }
}
