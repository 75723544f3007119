package io.crmw.sandbox.zendesk;

import static io.crmw.sandbox.SimulatedApi.object;
import static io.crmw.sandbox.zendesk.SupportRecords.time;

import io.crmw.sandbox.DerivedViews;
import io.crmw.sandbox.Paging.Row;
import io.crmw.sandbox.business.Activity;
import io.crmw.sandbox.business.ActivityType;
import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.BusinessGenerator;
import io.crmw.sandbox.business.Company;
import io.crmw.sandbox.business.Contact;
import io.crmw.sandbox.business.Crm;
import io.crmw.sandbox.business.Deal;
import io.crmw.sandbox.business.LineItem;
import io.crmw.sandbox.business.Owner;
import io.crmw.sandbox.business.Pipeline;
import io.crmw.sandbox.business.Product;
import io.crmw.sandbox.business.Stage;
import io.crmw.sandbox.business.StageVisit;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Zendesk Sell's share of the live {@link Business} (the self-serve deals, see {@code CrmSplit}) as Sell resources,
 * each a {@link Row} of its {@code data} object. A person is a contact, or a lead when early in the funnel and on no
 * Sell deal; companies are organization contacts ({@code is_organization: true}). Each deal with line items has one
 * order. {@link #events} derives the Firehose events (created, updated, deleted) from the records' times.
 */
final class SellRecords {

  enum Kind { DEAL, CONTACT, ORGANIZATION, LEAD, USER, PIPELINE, STAGE, CALL, OUTCOME, LOSS_REASON, SOURCE, PRODUCT,
    ORDER, LINE_ITEM, TASK, NOTE }

  static final List<String> CALL_OUTCOMES = List.of("Connected", "Busy", "No answer", "Left voicemail");
  private static final List<String> EARLY_FUNNEL = List.of("lead", "marketingqualifiedlead", "salesqualifiedlead");
  private static final Instant SETUP = Business.AS_OF.minus(Duration.ofDays(900));

  static long id(Kind kind, long number) {
    return (kind.ordinal() + 1) * 100_000_000_000L + Math.floorMod(number, 100_000_000_000L);
  }

  static long id(Kind kind, String businessId) {
    return id(kind, Long.parseLong(businessId));
  }

  private final Business business;
  private final DerivedViews<Long> views;

  SellRecords(Business business, DerivedViews<Long> views) {
    this.business = business;
    this.views = views;
  }

  /** The live records of a resource, or null for one Sell does not serve here. */
  List<Row> resource(String name) {
    return switch (name) {
      case "deals" -> views.get(name, () -> deals().filter(d -> !d.archived()).map(this::deal).toList());
      case "contacts" -> views.get(name, () -> Stream.concat(companies().filter(c -> !c.archived())
          .map(this::organization), people().filter(c -> !c.archived() && !isLead(c)).map(this::person)).toList());
      case "leads" -> views.get(name, () -> people().filter(c -> !c.archived() && isLead(c)).map(this::lead).toList());
      case "users" -> views.get(name, () -> business.owners().stream().map(this::user).toList());
      case "pipelines" -> List.of(row(id(Kind.PIPELINE, 1), SETUP, SETUP, object("id", id(Kind.PIPELINE, 1),
          "name", sales().label(), "disabled", false, "created_at", time(SETUP), "updated_at", time(SETUP))));
      case "stages" -> stages();
      case "calls" -> activities(name, ActivityType.CALL);
      case "tasks" -> activities(name, ActivityType.TASK);
      case "notes" -> activities(name, ActivityType.NOTE);
      case "call_outcomes" -> named(Kind.OUTCOME, CALL_OUTCOMES, "name");
      case "loss_reasons" -> named(Kind.LOSS_REASON, BusinessGenerator.LOST_REASONS, "name");
      case "deal_sources", "lead_sources" -> named(Kind.SOURCE, BusinessGenerator.LEAD_SOURCES.stream()
          .map(SellRecords::sourceName).toList(), "name");
      case "products" -> views.get(name, () -> business.products().stream().map(this::product).toList());
      case "orders" -> views.get(name, () -> orderLines().keySet().stream().map(this::order).toList());
      default -> null;
    };
  }

  // ---- deals ----

  private Stream<Deal> deals() {
    return business.byId("deals", Crm.ZENDESK_SELL).values().stream().map(Deal.class::cast);
  }

  Optional<Deal> deal(long sellId) {
    Map<Long, Deal> byId = views.get("dealsById", () -> deals().collect(Collectors.toMap(d -> id(Kind.DEAL, d.id()),
        d -> d)));
    return Optional.ofNullable(byId.get(sellId));
  }

  private Pipeline sales() {
    return business.pipeline(BusinessGenerator.DEFAULT_PIPELINE).orElseThrow();
  }

  private Row deal(Deal d) {
    Stage stage = business.stageOf(d);
    long id = id(Kind.DEAL, d.id());
    StageVisit last = d.journey().isEmpty() ? null : d.journey().get(d.journey().size() - 1);
    Contact person = d.contactIds().stream().map(c -> business.contact(c).orElse(null))
        .filter(c -> c != null && business.holds(Crm.ZENDESK_SELL, c)).findFirst().orElse(null);
    int source = indexOf(BusinessGenerator.LEAD_SOURCES, d.leadSource());
    int loss = indexOf(BusinessGenerator.LOST_REASONS, d.lostReason());
    return row(id, d.createdAt(), d.updatedAt(), object("id", id, "name", d.name(),
        "value", d.amount() == null ? null : d.amount().setScale(2, RoundingMode.HALF_UP).toPlainString(),
        "currency", d.currency(), "hot", stage.probability() != null && stage.probability().doubleValue() >= 0.8
            && !stage.closed(), "stage_id", id(Kind.STAGE, stage.displayOrder() + 1),
        "last_stage_change_at", time(last == null ? d.createdAt() : last.enteredAt()),
        "last_stage_change_by_id", userId(d.ownerId()), "last_activity_at", time(d.updatedAt()),
        "owner_id", userId(d.ownerId()), "creator_id", userId(d.ownerId()),
        "contact_id", person != null ? id(Kind.CONTACT, person.id()) : organizationId(d.companyId()),
        "organization_id", organizationId(d.companyId()),
        "source_id", source < 0 ? null : id(Kind.SOURCE, source + 1),
        "loss_reason_id", stage.lost() && loss >= 0 ? id(Kind.LOSS_REASON, loss + 1) : null,
        "unqualified_reason_id", null, "dropbox_email", null,
        "estimated_close_date", d.closeDate() == null ? null : d.closeDate().toString(),
        "customized_win_likelihood", null, "tags", d.region() == null ? List.of()
            : List.of(d.region().toLowerCase(Locale.ROOT)),
        "custom_fields", object("Region", d.region()), "added_at", time(d.createdAt()),
        "created_at", time(d.createdAt()), "updated_at", time(d.updatedAt())));
  }

  private List<Row> stages() {
    List<Row> out = new ArrayList<>();
    for (Stage s : sales().stages()) {
      long id = id(Kind.STAGE, s.displayOrder() + 1);
      out.add(row(id, SETUP, SETUP, object("id", id, "name", s.label(), "category", s.won() ? "won"
              : s.lost() ? "lost" : s.displayOrder() == 0 ? "incoming" : "in_progress", "position", s.displayOrder() + 1,
          "likelihood", s.probability().movePointRight(2).intValue(), "active", !s.closed(),
          "pipeline_id", id(Kind.PIPELINE, 1), "created_at", time(SETUP), "updated_at", time(SETUP))));
    }
    return out;
  }

  // ---- contacts and leads ----

  private Stream<Company> companies() {
    return business.byId("companies", Crm.ZENDESK_SELL).values().stream().map(Company.class::cast);
  }

  private Stream<Contact> people() {
    return business.byId("contacts", Crm.ZENDESK_SELL).values().stream().map(Contact.class::cast);
  }

  private Set<String> onDeals() {
    return views.get("onDeals", () -> deals().filter(d -> !d.archived()).flatMap(d -> d.contactIds().stream())
        .collect(Collectors.toSet()));
  }

  private boolean isLead(Contact c) {
    return EARLY_FUNNEL.contains(c.lifecycleStage()) && !onDeals().contains(c.id());
  }

  private Row organization(Company c) {
    long id = id(Kind.ORGANIZATION, c.id());
    return row(id, c.createdAt(), c.updatedAt(), contact(id, true, c.ownerId(), object("name", c.name(),
        "first_name", null, "last_name", null, "contact_id", null, "title", null, "email", null,
        "website", "https://www." + c.domain(), "industry", c.industry(), "customer_status", deals().anyMatch(d ->
            !d.archived() && c.id().equals(d.companyId()) && business.stageOf(d).won()) ? "current" : "none",
        "prospect_status", "current", "address", object("country", c.country())), c.createdAt(), c.updatedAt()));
  }

  private Row person(Contact c) {
    long id = id(Kind.CONTACT, c.id());
    return row(id, c.createdAt(), c.updatedAt(), contact(id, false, c.ownerId(), object("name", c.firstName() + " "
            + c.lastName(), "first_name", c.firstName(), "last_name", c.lastName(), "contact_id",
        organizationId(c.companyId()), "title", null, "email", c.email(), "website", null, "industry", null,
        "customer_status", "customer".equals(c.lifecycleStage()) ? "current" : "none", "prospect_status",
        "opportunity".equals(c.lifecycleStage()) ? "current" : "none", "address", null), c.createdAt(),
        c.updatedAt()));
  }

  private Map<String, Object> contact(long id, boolean organization, String ownerId, Map<String, Object> fields,
                                      Instant created, Instant updated) {
    Map<String, Object> j = object("id", id, "creator_id", userId(ownerId), "owner_id", userId(ownerId),
        "is_organization", organization, "parent_organization_id", null);
    j.putAll(fields);
    j.putAll(object("tags", List.of(), "custom_fields", Map.of(), "created_at", time(created), "updated_at",
        time(updated)));
    return j;
  }

  private Row lead(Contact c) {
    long id = id(Kind.LEAD, c.id());
    int source = indexOf(BusinessGenerator.LEAD_SOURCES, c.leadSource());
    String org = c.companyId() == null ? null : business.company(c.companyId()).map(Company::name).orElse(null);
    return row(id, c.createdAt(), c.updatedAt(), object("id", id, "creator_id", userId(c.ownerId()), "owner_id",
        userId(c.ownerId()), "first_name", c.firstName(), "last_name", c.lastName(), "organization_name", org,
        "status", "UNQUALIFIED".equals(c.leadStatus()) ? "Unqualified" : "NEW".equals(c.leadStatus()) ? "New"
            : "Working", "source_id", source < 0 ? null : id(Kind.SOURCE, source + 1), "email", c.email(),
        "tags", List.of(), "custom_fields", Map.of(), "created_at", time(c.createdAt()),
        "updated_at", time(c.updatedAt())));
  }

  // ---- activities ----

  private List<Row> activities(String name, ActivityType type) {
    return views.get(name, () -> business.byId(type.objectType(), Crm.ZENDESK_SELL).values().stream()
        .map(a -> activity((Activity) a)).sorted(Comparator.comparingLong(Row::id)).toList());
  }

  private Row activity(Activity a) {
    boolean onDeal = a.dealId() != null && business.deal(a.dealId()).map(d -> business.holds(Crm.ZENDESK_SELL, d))
        .orElse(false);
    boolean onPerson = a.contactId() != null && business.contact(a.contactId())
        .map(c -> business.holds(Crm.ZENDESK_SELL, c) && !isLead(c)).orElse(false);
    String type = onDeal ? "deal" : onPerson ? "contact" : a.companyId() != null ? "contact" : null;
    Long resource = onDeal ? Long.valueOf(id(Kind.DEAL, a.dealId())) : onPerson ? Long.valueOf(id(Kind.CONTACT,
        a.contactId())) : organizationId(a.companyId());
    return switch (a.type()) {
      case CALL -> {
        long id = id(Kind.CALL, a.id());
        boolean connected = a.durationMillis() != null && a.durationMillis() >= 30_000;
        int outcome = connected ? 0 : 1 + Math.floorMod(String.valueOf(a.outcome()).hashCode(), 3);
        yield row(id, a.createdAt(), a.updatedAt(), object("id", id, "user_id", userId(a.ownerId()),
            "summary", a.body(), "recording_url", a.recordingUrl(), "outcome_id", id(Kind.OUTCOME, outcome + 1),
            "duration", a.durationMillis() == null ? 0 : a.durationMillis() / 1000, "phone_number", null,
            "incoming", "INBOUND".equals(a.direction()), "missed", !connected, "resource_type", type,
            "resource_id", resource, "associated_deal_ids", onDeal ? List.of(resource) : List.of(),
            "made_at", time(a.timestamp()), "created_at", time(a.createdAt()), "updated_at", time(a.updatedAt())));
      }
      case TASK -> {
        long id = id(Kind.TASK, a.id());
        boolean done = "COMPLETED".equals(a.status());
        yield row(id, a.createdAt(), a.updatedAt(), object("id", id, "creator_id", userId(a.ownerId()),
            "owner_id", userId(a.ownerId()), "resource_type", type, "resource_id", resource, "completed", done,
            "completed_at", done ? time(a.updatedAt()) : null, "due_date", time(a.timestamp()), "overdue", false,
            "remind_at", null, "content", a.title(), "created_at", time(a.createdAt()),
            "updated_at", time(a.updatedAt())));
      }
      default -> {
        long id = id(Kind.NOTE, a.id());
        yield row(id, a.createdAt(), a.updatedAt(), object("id", id, "creator_id", userId(a.ownerId()),
            "resource_type", type, "resource_id", resource, "content", a.body(), "is_important", false,
            "tags", List.of(), "type", "regular", "created_at", time(a.createdAt()),
            "updated_at", time(a.updatedAt())));
      }
    };
  }

  // ---- products, orders, line items ----

  private Row product(Product p) {
    long id = id(Kind.PRODUCT, p.id());
    return row(id, p.createdAt(), p.updatedAt(), object("id", id, "name", p.name(), "sku", p.sku(),
        "description", p.recurringFrequency() == null ? "one-off" : p.recurringFrequency(), "active", true,
        "max_discount", 100, "max_markup", null, "cost", money(p.unitCost()), "cost_currency", "USD",
        "prices", List.of(object("amount", money(p.unitPrice()), "currency", "USD")),
        "created_at", time(p.createdAt()), "updated_at", time(p.updatedAt())));
  }

  /** Line items of the live Sell deals that have some, by deal. */
  private Map<Deal, List<LineItem>> orderLines() {
    return views.get("orderLines", () -> {
      Map<String, List<LineItem>> lines = business.lineItems().stream().collect(Collectors.groupingBy(
          LineItem::dealId));
      Map<Deal, List<LineItem>> out = new java.util.LinkedHashMap<>();
      deals().filter(d -> !d.archived() && lines.containsKey(d.id())).forEach(d -> out.put(d, lines.get(d.id())));
      return out;
    });
  }

  private Row order(Deal d) {
    long id = id(Kind.ORDER, d.id());
    return row(id, d.createdAt(), d.updatedAt(), object("id", id, "deal_id", id(Kind.DEAL, d.id()), "discount", 0,
        "created_at", time(d.createdAt()), "updated_at", time(d.updatedAt())));
  }

  /** The line items of one order, or null for an order Sell does not hold. */
  List<Row> lineItems(long orderId) {
    Map<Long, List<Row>> byOrder = views.get("lineItems", () -> {
      Map<Long, List<Row>> out = new HashMap<>();
      orderLines().forEach((d, lines) -> out.put(id(Kind.ORDER, d.id()), lines.stream().map(l -> {
        long id = id(Kind.LINE_ITEM, l.id());
        Product p = business.products().stream().filter(x -> x.id().equals(l.productId())).findFirst().orElse(null);
        return row(id, l.createdAt(), l.updatedAt(), object("id", id, "product_id", p == null ? null
                : id(Kind.PRODUCT, p.id()), "name", l.name(), "sku", l.sku(), "description", null,
            "value", money(l.amount()), "variation", money(l.discount().negate()), "currency", l.currency(),
            "quantity", l.quantity(), "price", money(l.unitPrice()), "created_at", time(l.createdAt()),
            "updated_at", time(l.updatedAt())));
      }).toList()));
      return out;
    });
    return byOrder.get(orderId);
  }

  // ---- Firehose events ----

  /**
   * The Firehose events of {@code resource} ({@code deals}, {@code contacts}, {@code leads}) at or after
   * {@code since}: created, updated (the latest update) and deleted, derived from the records' times; each a row
   * whose id is the record's id × 4 + the event's kind and whose time is the event's, {@code data} the record now.
   */
  List<Row> events(String resource, Instant since) {
    List<Row> out = new ArrayList<>();
    switch (resource) {
      case "deals" -> deals().forEach(d -> addEvents(out, "deal", deal(d), d.archivedAt(), since));
      case "contacts" -> {
        companies().forEach(c -> addEvents(out, "contact", organization(c), c.archivedAt(), since));
        people().filter(c -> !isLead(c)).forEach(c -> addEvents(out, "contact", person(c), c.archivedAt(), since));
      }
      case "leads" -> people().filter(this::isLead)
          .forEach(c -> addEvents(out, "lead", lead(c), c.archivedAt(), since));
      default -> {
        return null;
      }
    }
    return out;
  }

  private static void addEvents(List<Row> out, String type, Row r, Instant deletedAt, Instant since) {
    String[] kinds = {"created", "updated", "deleted"};
    Instant[] at = {r.created(), r.updated().isAfter(r.created()) ? r.updated() : null, deletedAt};
    for (int k = 0; k < kinds.length; k++) {
      if (at[k] != null && !at[k].isBefore(since)) {
        Map<String, Object> data = k == 2 ? object("id", r.id()) : r.fields();
        out.add(new Row(r.id() * 4 + k, at[k], at[k], object("data", data, "meta", object("type", type,
            "event_type", kinds[k], "event_time", time(at[k]), "event_id", Long.toHexString(r.id() * 4 + k) + "-"
                + at[k].toEpochMilli(), "sequence", at[k].toEpochMilli()))));
      }
    }
  }

  // ---- lookups and rendering ----

  private Row user(Owner o) {
    long id = id(Kind.USER, o.id());
    return row(id, o.createdAt(), o.updatedAt(), object("id", id, "name", o.firstName() + " " + o.lastName(),
        "email", o.email(), "role", o.id().equals(business.owners().get(0).id()) ? "admin" : "user",
        "status", o.archived() ? "inactive" : "active", "confirmed", true, "timezone", "UTC",
        "created_at", time(o.createdAt()), "updated_at", time(o.updatedAt())));
  }

  private List<Row> named(Kind kind, List<String> names, String field) {
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      long id = id(kind, i + 1);
      out.add(row(id, SETUP, SETUP, object("id", id, field, names.get(i), "creator_id", null,
          "created_at", time(SETUP), "updated_at", time(SETUP))));
    }
    return out;
  }

  private static String sourceName(String generatorSource) {
    String s = generatorSource.toLowerCase(Locale.ROOT).replace('_', ' ');
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static int indexOf(List<String> values, String value) {
    return value == null ? -1 : values.indexOf(value);
  }

  private Long userId(String ownerId) {
    return ownerId == null ? null : id(Kind.USER, ownerId);
  }

  private Long organizationId(String companyId) {
    return companyId == null || !business.company(companyId).map(c -> business.holds(Crm.ZENDESK_SELL, c))
        .orElse(false) ? null : id(Kind.ORGANIZATION, companyId);
  }

  private static String money(BigDecimal v) {
    return v == null ? null : v.setScale(2, RoundingMode.HALF_UP).toPlainString();
  }

  private static Row row(long id, Instant created, Instant updated, Map<String, Object> fields) {
    return new Row(id, created.truncatedTo(ChronoUnit.MILLIS), updated.truncatedTo(ChronoUnit.MILLIS), fields);
  }
}
