package io.crmw.sandbox.pipedrive;

import static io.crmw.sandbox.SimulatedApi.object;

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
import io.crmw.sandbox.business.Stage;
import io.crmw.sandbox.business.StageVisit;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Pipedrive's share of the live {@link Business} as Pipedrive objects (v2 shapes of crm-apis.md §5.5/5.6, v1 shapes
 * for users, leads, notes and reference lists), rebuilt when the business or the purged set changes. Pipedrive keeps
 * won and lost as a deal status, not a stage: its pipelines have only the open stages, and a closed deal stays in
 * the last open stage it reached.
 */
final class PdRecords {

  static final DateTimeFormatter V1_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter LEAD_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);
  /** Deleted deals stay listable for 30 days before Pipedrive purges them; counted back from the business's today. */
  static final Instant DELETED_VISIBLE_SINCE = Business.AS_OF.minus(Duration.ofDays(30));
  /** Closed deals older than this may have been archived by a tidy user. */
  static final Instant ARCHIVE_BEFORE = Business.AS_OF.minus(Duration.ofDays(365));

  enum DealList { STANDARD, ARCHIVED, DELETED }

  // Pipedrive ids: small integers, the business id minus the generator's base for the kind (deal 18000000123 → 123),
  // so they are stable while records are added; ids below the base (hand-made businesses) are kept as they are.
  static final long DEAL = 18_000_000_000L;
  static final long ORGANIZATION = 7_000_000_000L;
  static final long PERSON = 500_000L;
  static final long USER = 91_234_000L;
  static final long PRODUCT = 1_190_000_000L;
  static final long DEAL_PRODUCT = 3_300_000_000L;
  private static final long ACTIVITY = 41_000_000_000L;

  private final Business business;
  private final DerivedViews<Long> views;
  private final Map<String, Long> pipelineIds = new HashMap<>();
  private final Map<String, Long> stageIds = new HashMap<>();

  PdRecords(Business business, DerivedViews<Long> views) {
    this.business = business;
    this.views = views;
    long stage = 0;
    for (int p = 0; p < business.dealPipelines().size(); p++) {
      Pipeline pipeline = business.dealPipelines().get(p);
      pipelineIds.put(pipeline.id(), p + 1L);
      for (Stage s : pipeline.openStages()) {
        stageIds.put(pipeline.id() + "/" + s.id(), ++stage);
      }
    }
  }

  static long id(String businessId, long base) {
    long v = Long.parseLong(businessId);
    return v > base ? v - base : v;
  }

  static Long idOrNull(String businessId, long base) {
    return businessId == null ? null : id(businessId, base);
  }

  /** Each activity type has its own id block in the generator; each gets ten million ids here. */
  static long activityId(Activity a) {
    long base = ACTIVITY + 1_000_000_000L * a.type().ordinal();
    long v = Long.parseLong(a.id());
    return v > base ? 10_000_000L * a.type().ordinal() + (v - base) : v;
  }

  /** A stable uuid for a name (lead, label and token ids are uuids in Pipedrive). */
  static String uuid(String name) {
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }

  // ---- deals ----

  /** Pipedrive's deals that are neither purged nor deleted before the 30-day window. */
  private List<Deal> held() {
    return views.get("held", () -> business.byId("deals", Crm.PIPEDRIVE).values().stream().map(Deal.class::cast)
        .filter(d -> !views.purged(id(d.id(), DEAL)))
        .filter(d -> !d.archived() || !d.archivedAt().isBefore(DELETED_VISIBLE_SINCE)).toList());
  }

  List<Row> deals(DealList which) {
    return views.get("deals-" + which, () -> held().stream().filter(d -> switch (which) {
      case STANDARD -> !d.archived() && !archived(d);
      case ARCHIVED -> !d.archived() && archived(d);
      case DELETED -> d.archived();
    }).map(this::deal).toList());
  }

  Optional<Deal> deal(long pipedriveId) {
    Map<Long, Deal> byId = views.get("byId", () -> held().stream().collect(Collectors.toMap(d -> id(d.id(), DEAL),
        d -> d)));
    return Optional.ofNullable(byId.get(pipedriveId));
  }

  /** A tidy user archived the deal: closed more than a year before the business's today, every other deal id. */
  boolean archived(Deal d) {
    return business.stageOf(d).closed() && d.closeDate() != null
        && d.closeDate().isBefore(LocalDate.ofInstant(ARCHIVE_BEFORE, ZoneOffset.UTC))
        && id(d.id(), DEAL) % 2 == 0;
  }

  String status(Deal d) {
    Stage s = business.stageOf(d);
    return d.archived() ? "deleted" : s.won() ? "won" : s.lost() ? "lost" : "open";
  }

  private Row deal(Deal d) {
    Stage stage = business.stageOf(d);
    Instant closed = stage.closed() ? closeTime(d) : null;
    Instant update = d.archived() ? d.archivedAt() : d.updatedAt();
    boolean archived = !d.archived() && archived(d);
    return row(d.createdAt(), update, object("id", id(d.id(), DEAL), "title", d.name(),
        "creator_user_id", user(d.ownerId()), "owner_id", user(d.ownerId()),
        "person_id", d.contactIds().stream().map(this::person).filter(Objects::nonNull).findFirst().orElse(null),
        "org_id", org(d.companyId()), "pipeline_id", pipelineIds.get(d.pipelineId()), "stage_id", stageId(d),
        "value", d.amount() == null ? BigDecimal.ZERO : d.amount(), "currency", d.currency(), "status", status(d),
        "probability", null, "lost_reason", stage.lost() ? d.lostReason() : null,
        "stage_change_time", d.journey().stream().skip(1).filter(v -> !closed(d, v)).reduce((a, b) -> b)
            .map(v -> v2(v.enteredAt())).orElse(null),
        "close_time", v2(closed), "won_time", stage.won() ? v2(closed) : null,
        "lost_time", stage.lost() ? v2(closed) : null,
        "expected_close_date", d.closeDate() == null ? null : d.closeDate().toString(),
        "local_won_date", stage.won() && d.closeDate() != null ? d.closeDate().toString() : null,
        "local_lost_date", stage.lost() && d.closeDate() != null ? d.closeDate().toString() : null,
        "local_close_date", stage.closed() && d.closeDate() != null ? d.closeDate().toString() : null,
        "origin", "ManuallyCreated", "channel", null, "label_ids", List.of(), "visible_to", 3,
        "is_archived", archived, "archive_time", archived ? v2(d.updatedAt()) : null, "is_deleted", d.archived(),
        "custom_fields", object(PdFields.COMMISSION.key(), d.amount() == null ? null : Map.of("value",
            d.amount().multiply(new BigDecimal("0.10")).setScale(2, RoundingMode.HALF_UP), "currency", d.currency()),
            PdFields.REGION.key(), PdFields.REGION.option(d.region()),
            PdFields.SOURCE.key(), PdFields.SOURCE.option(d.leadSource()))));
  }

  private Long person(String contactId) {
    return business.contact(contactId).filter(x -> business.holds(Crm.PIPEDRIVE, x))
        .map(x -> id(x.id(), PERSON)).orElse(null);
  }

  private Long org(String companyId) {
    return companyId == null ? null : business.company(companyId).filter(x -> business.holds(Crm.PIPEDRIVE, x))
        .map(x -> id(x.id(), ORGANIZATION)).orElse(null);
  }

  /** A v2 row of Pipedrive's JSON {@code j} (its {@code id}), with {@code add_time} and {@code update_time}. */
  private static Row row(Instant created, Instant updated, Map<String, Object> j) {
    j.putAll(object("add_time", v2(created), "update_time", v2(updated)));
    return new Row(((Number) j.get("id")).longValue(), seconds(created), seconds(updated), j);
  }

  private static Long user(String ownerId) {
    return idOrNull(ownerId, USER);
  }

  /** When the deal was won or lost: when it entered its closed stage, on its close date. */
  private Instant closeTime(Deal d) {
    Instant entered = d.journey().isEmpty() ? d.updatedAt() : d.journey().get(d.journey().size() - 1).enteredAt();
    if (d.closeDate() == null || LocalDate.ofInstant(entered, ZoneOffset.UTC).equals(d.closeDate())) {
      return entered;
    }
    return d.closeDate().atTime(12, 0).toInstant(ZoneOffset.UTC);
  }

  private boolean closed(Deal d, StageVisit v) {
    return business.pipeline(d.pipelineId()).flatMap(p -> p.stage(v.stageId())).map(Stage::closed).orElse(true);
  }

  /** The deal's Pipedrive stage: its current stage (the journey's last), or the last open one before closing. */
  private Long stageId(Deal d) {
    for (int i = d.journey().size() - 1; i >= 0; i--) {
      Long id = stageIds.get(d.pipelineId() + "/" + d.journey().get(i).stageId());
      if (id != null) {
        return id;
      }
    }
    return business.pipeline(d.pipelineId()).map(p -> stageIds.get(p.id() + "/" + p.openStages().get(0).id()))
        .orElse(null);
  }

  /** Stage moves (stage ids as strings) and status changes from the deal's journey, newest first. */
  List<Map<String, Object>> changelog(Deal d) {
    List<Map<String, Object>> out = new ArrayList<>();
    String prevStage = null;
    String prevStatus = "open";
    for (StageVisit v : d.journey()) {
      Stage s = business.pipeline(d.pipelineId()).flatMap(p -> p.stage(v.stageId())).orElse(null);
      Long id = stageIds.get(d.pipelineId() + "/" + v.stageId());
      String stage = id == null ? prevStage : id.toString();
      String status = s == null || !s.closed() ? "open" : s.won() ? "won" : "lost";
      if (prevStage != null && stage != null && !stage.equals(prevStage)) {
        out.add(change("stage_id", prevStage, stage, d, v.enteredAt()));
      }
      if (!status.equals(prevStatus)) {
        out.add(change("status", prevStatus, status, d, v.enteredAt()));
      }
      prevStage = stage;
      prevStatus = status;
    }
    out.sort(Comparator.comparing((Map<String, Object> m) -> (String) m.get("time")).reversed());
    return out;
  }

  private static Map<String, Object> change(String field, String from, String to, Deal d, Instant at) {
    return object("field_key", field, "old_value", from, "new_value", to, "actor_user_id",
        user(d.ownerId()), "time", V1_TIME.format(at), "change_source", "app",
        "change_source_user_agent", null, "is_bulk_update_flag", false);
  }

  /** Products of the given deals (deleted ones too, as the endpoint reads by deal id). */
  List<Row> dealProducts(Set<Long> dealIds) {
    Set<String> deals = held().stream().map(Deal::id).filter(id -> dealIds.contains(id(id, DEAL)))
        .collect(Collectors.toSet());
    return business.lineItems().stream().filter(l -> deals.contains(l.dealId())).map(PdRecords::dealProduct).toList();
  }

  private static Row dealProduct(LineItem l) {
    BigDecimal gross = l.unitPrice().multiply(BigDecimal.valueOf(l.quantity()));
    return row(l.createdAt(), l.updatedAt(), object("id", id(l.id(), DEAL_PRODUCT), "deal_id", id(l.dealId(), DEAL),
        "product_id", id(l.productId(), PRODUCT), "name", l.name(), "item_price", l.unitPrice(),
        "quantity", l.quantity(),
        "discount", gross.signum() == 0 ? BigDecimal.ZERO : l.discount().movePointRight(2)
            .divide(gross, 6, RoundingMode.HALF_UP).stripTrailingZeros(),
        "discount_type", "percentage", "sum", l.amount(), "currency", l.currency(), "tax", 0,
        "tax_method", "inclusive", "is_enabled", true, "billing_frequency", billing(l.recurringFrequency()),
        "billing_frequency_cycles", l.termMonths() == null ? null
            : "annually".equals(l.recurringFrequency()) ? l.termMonths() / 12 : l.termMonths()));
  }

  private static String billing(String frequency) {
    return frequency == null ? "one-time" : frequency;
  }

  // ---- people, organizations, activities, notes, leads ----

  List<Row> persons() {
    return views.get("persons", () -> business.byId("contacts", Crm.PIPEDRIVE).values().stream()
        .map(Contact.class::cast).filter(c -> !c.archived()).map(c -> row(c.createdAt(), c.updatedAt(),
            object("id", id(c.id(), PERSON), "name", c.firstName() + " " + c.lastName(), "first_name", c.firstName(),
                "last_name", c.lastName(), "owner_id", user(c.ownerId()), "org_id", org(c.companyId()),
                "emails", List.of(Map.of("value", c.email(), "primary", true, "label", "work")), "phones", List.of(),
                "label_ids", List.of(), "visible_to", 3, "is_deleted", false,
                "custom_fields", object(PdFields.LIFECYCLE.key(), PdFields.LIFECYCLE.option(c.lifecycleStage())))))
        .toList());
  }

  /** Organizations with {@code website}; the API drops it unless asked with {@code include_fields=website}. */
  List<Row> organizations() {
    return views.get("organizations", () -> business.byId("companies", Crm.PIPEDRIVE).values().stream()
        .map(Company.class::cast).filter(c -> !c.archived()).map(c -> row(c.createdAt(), c.updatedAt(),
            object("id", id(c.id(), ORGANIZATION), "name", c.name(), "owner_id", user(c.ownerId()), "visible_to", 3,
                "label_ids", List.of(), "address", Map.of("value", c.country(), "country", c.country()),
                "is_deleted", false, "website", "https://www." + c.domain(),
                "custom_fields", object(PdFields.EMPLOYEES.key(), c.employees()))))
        .toList());
  }

  List<Row> activities() {
    return views.get("activities", () -> {
      List<Row> out = new ArrayList<>();
      for (ActivityType t : List.of(ActivityType.CALL, ActivityType.EMAIL, ActivityType.MEETING, ActivityType.TASK)) {
        business.byId(t.objectType(), Crm.PIPEDRIVE).values().forEach(x -> out.add(activity((Activity) x)));
      }
      out.sort(Comparator.comparingLong(Row::id));
      return out;
    });
  }

  private Row activity(Activity a) {
    boolean done = switch (a.type()) {
      case CALL, TASK -> "COMPLETED".equals(a.status());
      case MEETING -> !"SCHEDULED".equals(a.outcome());
      default -> true;
    };
    Long minutes = a.durationMillis() != null ? Long.valueOf(a.durationMillis() / 60_000)
        : a.endsAt() != null ? Long.valueOf(Duration.between(a.timestamp(), a.endsAt()).toMinutes()) : null;
    Long person = idOrNull(a.contactId(), PERSON);
    return row(a.createdAt(), a.updatedAt(), object("id", activityId(a), "subject", a.title(),
        "type", a.type().name().toLowerCase(java.util.Locale.ROOT), "owner_id", user(a.ownerId()),
        "creator_user_id", user(a.ownerId()), "is_deleted", false,
        "deal_id", idOrNull(a.dealId(), DEAL), "lead_id", null, "person_id", person,
        "org_id", idOrNull(a.companyId(), ORGANIZATION), "project_id", null,
        "due_date", LocalDate.ofInstant(a.timestamp(), ZoneOffset.UTC).toString(),
        "due_time", DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC).format(a.timestamp()),
        "duration", minutes == null ? null : String.format("%02d:%02d", minutes / 60, minutes % 60),
        "busy", a.type() == ActivityType.MEETING, "done", done,
        "marked_as_done_time", done ? v2(a.updatedAt()) : null, "location", null,
        "participants", person == null ? List.of() : List.of(Map.of("person_id", person, "primary", true)),
        "attendees", null, "public_description", null, "priority", null, "note", a.body()));
  }

  /** v1 notes: the business's notes that Pipedrive holds. */
  List<Map<String, Object>> notes() {
    return views.get("notes", () -> business.byId("notes", Crm.PIPEDRIVE).values().stream().map(Activity.class::cast)
        .map(n -> object("id", activityId(n), "user_id", user(n.ownerId()), "deal_id", idOrNull(n.dealId(), DEAL),
            "person_id", idOrNull(n.contactId(), PERSON), "org_id", idOrNull(n.companyId(), ORGANIZATION),
            "lead_id", null, "content", n.body(), "add_time", V1_TIME.format(n.createdAt()),
            "update_time", V1_TIME.format(n.updatedAt()), "active_flag", true, "pinned_to_deal_flag", false))
        .toList());
  }

  /**
   * v1 leads: Pipedrive people early in the funnel (lead, MQL, SQL) who are on no Pipedrive deal, oldest first;
   * unqualified or badly timed ones are archived.
   */
  List<Map<String, Object>> leads(boolean archived) {
    return views.get("leads-" + archived, () -> {
      Set<String> onDeals = new HashSet<>();
      business.byId("deals", Crm.PIPEDRIVE).values().forEach(d -> onDeals.addAll(((Deal) d).contactIds()));
      return business.byId("contacts", Crm.PIPEDRIVE).values().stream().map(Contact.class::cast)
          .filter(c -> !c.archived() && !onDeals.contains(c.id()))
          .filter(c -> List.of("salesqualifiedlead", "marketingqualifiedlead", "lead").contains(c.lifecycleStage()))
          .filter(c -> archived == List.of("UNQUALIFIED", "BAD_TIMING").contains(c.leadStatus()))
          .sorted(Comparator.comparing(Contact::createdAt))
          .map(c -> {
            int label = List.of("salesqualifiedlead", "marketingqualifiedlead", "lead").indexOf(c.lifecycleStage());
            int source = BusinessGenerator.LEAD_SOURCES.indexOf(c.leadSource());
            return object("id", uuid("lead:" + c.id()), "title", c.firstName() + " " + c.lastName() + " lead",
                "owner_id", user(c.ownerId()), "creator_id", user(c.ownerId()), "person_id", id(c.id(), PERSON),
                "organization_id", org(c.companyId()),
                "label_ids", List.of(uuid("label:" + PdFields.LEAD_LABELS.get(label))),
                "source_name", source < 0 ? "Manually created" : PdFields.LEAD_SOURCES.get(source),
                "origin", source < 0 ? "ManuallyCreated" : "Import", "is_archived", archived, "was_seen", true,
                "value", null, "expected_close_date", null, "next_activity_id", null,
                "add_time", LEAD_TIME.format(c.createdAt()), "update_time", LEAD_TIME.format(c.updatedAt()),
                "visible_to", "3", "cc_email", null);
          }).toList();
    });
  }

  // ---- reference data ----

  List<Row> products() {
    return views.get("products", () -> business.products().stream().map(p -> {
      long id = id(p.id(), PRODUCT);
      return row(p.createdAt(), p.updatedAt(), object("id", id, "name", p.name(), "code", p.sku(), "description", null,
          "unit", null, "tax", 0, "category", null, "is_linkable", true, "is_deleted", false, "visible_to", 3,
          "owner_id", business.owners().isEmpty() ? null : id(business.owners().get(0).id(), USER),
          "billing_frequency", billing(p.recurringFrequency()), "billing_frequency_cycles", null,
          "custom_fields", Map.of(), "prices", List.of(object("product_id", id, "price", p.unitPrice(),
              "currency", "USD", "cost", p.unitCost(), "direct_cost", null))));
    }).toList());
  }

  List<Row> pipelines() {
    return business.dealPipelines().stream().map(p -> row(p.createdAt(), p.updatedAt(), object("id",
        pipelineIds.get(p.id()), "name", p.label(), "order_nr", p.displayOrder(), "is_selected", p.displayOrder() == 0,
        "is_deal_probability_enabled", true, "is_deleted", false))).toList();
  }

  List<Row> stages() {
    List<Row> out = new ArrayList<>();
    for (Pipeline p : business.dealPipelines()) {
      for (Stage s : p.openStages()) {
        out.add(row(p.createdAt(), p.updatedAt(), object("id", stageIds.get(p.id() + "/" + s.id()),
            "order_nr", s.displayOrder(), "name", s.label(), "is_deleted", false,
            "deal_probability", s.probability() == null ? 100 : s.probability().movePointRight(2).intValue(),
            "pipeline_id", pipelineIds.get(p.id()), "is_deal_rot_enabled", false, "days_to_rotten", null)));
      }
    }
    return out;
  }

  List<Map<String, Object>> users() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Owner o : business.owners()) {
      boolean first = out.isEmpty();
      out.add(object("id", id(o.id(), USER), "name", o.firstName() + " " + o.lastName(),
          "email", o.email(), "active_flag", !o.archived(), "is_admin", first, "role_id", 1,
          "has_created_company", first, "is_you", first, "lang", 1, "locale", "en_US",
          "timezone_name", "Europe/Berlin", "created", V1_TIME.format(o.createdAt()),
          "modified", V1_TIME.format(o.updatedAt()), "default_currency", "USD", "icon_url", null));
    }
    return out;
  }

  static String v2(Instant t) {
    return t == null ? null : seconds(t).toString();
  }

  static Instant seconds(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS);
  }
}
