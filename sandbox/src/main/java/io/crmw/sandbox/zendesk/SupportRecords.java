package io.crmw.sandbox.zendesk;

import static io.crmw.sandbox.SimulatedApi.object;

import io.crmw.sandbox.DerivedViews;
import io.crmw.sandbox.Paging.Row;
import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.Company;
import io.crmw.sandbox.business.Contact;
import io.crmw.sandbox.business.Crm;
import io.crmw.sandbox.business.Owner;
import io.crmw.sandbox.business.Product;
import io.crmw.sandbox.business.Ticket;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Zendesk Support's share of the live {@link Business} (every ticket when Support is in the split, see
 * {@code CrmSplit}): tickets, end-users (the requesters) and agents (the owners), organizations (the companies, with
 * their domain), satisfaction ratings and metrics of solved tickets, groups, the brand and the ticket fields; each a
 * {@link Row} whose {@code updated} is the time the exports order by.
 */
final class SupportRecords {

  /** Id blocks: a kind's block plus the business number, so ids are stable across runs and kinds never collide. */
  enum Kind { TICKET, USER, AGENT, ORGANIZATION, RATING, METRIC, GROUP, BRAND, FIELD, OPTION }

  static final long PRODUCT_FIELD = id(Kind.FIELD, 101);
  static final long REQUEST_TYPE_FIELD = id(Kind.FIELD, 102);
  static final long BRAND = id(Kind.BRAND, 1);
  /** Solved tickets close automatically four days after they were solved (counted back from the business's today). */
  static final Duration AUTO_CLOSE = Duration.ofDays(4);
  private static final Map<String, String> GROUPS = Map.of("PRODUCT_ISSUE", "Product Support", "FEATURE_REQUEST",
      "Product Support", "BILLING_ISSUE", "Billing", "GENERAL_INQUIRY", "Customer Service");

  static long id(Kind kind, long number) {
    return kind == Kind.TICKET ? Math.floorMod(number, 1_000_000_000L) + 10_000
        : 360_000_000_000L + (kind.ordinal() + 1) * 1_000_000_000_000L + Math.floorMod(number, 100_000_000_000L);
  }

  static long id(Kind kind, String businessId) {
    return id(kind, Long.parseLong(businessId));
  }

  private final Business business;
  private final DerivedViews<Long> views;
  private final String baseUrl;

  SupportRecords(Business business, DerivedViews<Long> views, String baseUrl) {
    this.business = business;
    this.views = views;
    this.baseUrl = baseUrl;
  }

  // ---- tickets ----

  private Stream<Ticket> held() {
    return business.byId("tickets", Crm.ZENDESK_SUPPORT).values().stream().map(Ticket.class::cast);
  }

  /** Every ticket, deleted ones too ({@code status: "deleted"}), ordered by id. */
  List<Row> tickets() {
    return views.get("tickets", () -> held().map(this::ticket).toList());
  }

  Optional<Ticket> ticket(long zendeskId) {
    Map<Long, Ticket> byId = views.get("ticketsById", () -> held()
        .collect(Collectors.toMap(t -> id(Kind.TICKET, t.id()), t -> t)));
    return Optional.ofNullable(byId.get(zendeskId));
  }

  private Row ticket(Ticket t) {
    long id = id(Kind.TICKET, t.id());
    String score = t.satisfaction();
    Instant generated = t.deleted() ? t.deletedAt() : t.updatedAt();
    return row(id, t.createdAt(), generated, object("id", id, "url", baseUrl + "/api/v2/tickets/" + id + ".json",
        "external_id", null, "via", object("channel", channel(t.sourceType())), "type", switch (t.category()) {
          case "PRODUCT_ISSUE" -> "problem";
          case "FEATURE_REQUEST" -> "task";
          case "GENERAL_INQUIRY" -> "question";
          default -> "incident";
        }, "subject", t.subject(), "priority", "MEDIUM".equals(t.priority()) ? "normal"
            : t.priority().toLowerCase(Locale.ROOT), "status", status(t), "requester_id", userId(t.contactId()),
        "submitter_id", userId(t.contactId()), "assignee_id", agentId(t.ownerId()),
        "organization_id", t.companyId() == null ? null : id(Kind.ORGANIZATION, t.companyId()),
        "group_id", group(t.category()), "brand_id", BRAND, "tags", List.of(productTag(t.productSku()),
            t.requestType()),
        "custom_fields", List.of(object("id", PRODUCT_FIELD, "value", productTag(t.productSku())),
            object("id", REQUEST_TYPE_FIELD, "value", t.requestType())),
        "satisfaction_rating", score == null ? object("score", "unoffered")
            : object("score", score, "id", id(Kind.RATING, t.id())),
        "ticket_form_id", id(Kind.FIELD, 1), "created_at", time(t.createdAt()), "updated_at", time(generated),
        "generated_timestamp", generated.getEpochSecond()));
  }

  private static String status(Ticket t) {
    if (t.deleted()) {
      return "deleted";
    }
    if (t.closedAt() != null) {
      return t.closedAt().plus(AUTO_CLOSE).isBefore(Business.AS_OF) ? "closed" : "solved";
    }
    return switch (t.stageId()) {
      case "1" -> "new";
      case "2" -> "pending";
      default -> "open";
    };
  }

  private static String channel(String sourceType) {
    return switch (sourceType) {
      case "CHAT" -> "chat";
      case "PHONE" -> "voice";
      case "FORM" -> "web";
      default -> "email";
    };
  }

  static String productTag(String sku) {
    return "product_" + sku.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
  }

  /** Ratings of live solved tickets, by id; {@code created_at} ten minutes after the ticket was solved. */
  List<Row> ratings() {
    return views.get("ratings", () -> held().filter(t -> !t.deleted() && t.satisfaction() != null).map(t -> {
      long id = id(Kind.RATING, t.id());
      Instant at = t.closedAt().plus(Duration.ofMinutes(10));
      String score = t.satisfaction();
      return row(id, at, at, object("id", id, "url", baseUrl + "/api/v2/satisfaction_ratings/" + id + ".json",
          "assignee_id", agentId(t.ownerId()), "group_id", group(t.category()), "requester_id",
          userId(t.contactId()), "ticket_id", id(Kind.TICKET, t.id()), "score", score,
          "comment", switch (score) {
            case "good" -> "Quick and friendly, thanks!";
            case "bad" -> "It took too long and is still not fixed.";
            default -> null;
          }, "reason", "bad".equals(score) ? "The issue took too long to resolve" : null,
          "reason_id", "bad".equals(score) ? 1001L : null, "created_at", time(at), "updated_at", time(at)));
    }).sorted(Comparator.comparingLong(Row::id)).toList());
  }

  /** One metric set per live ticket. */
  List<Row> metrics() {
    return views.get("metrics", () -> held().filter(t -> !t.deleted()).map(t -> {
      long id = id(Kind.METRIC, t.id());
      long n = Long.parseLong(t.id());
      long firstReply = 5 + Math.floorMod(n * 31, 240);
      Long resolution = t.closedAt() == null ? null : Duration.between(t.createdAt(), t.closedAt()).toMinutes();
      Instant assigned = t.createdAt().plus(Duration.ofMinutes(Math.min(firstReply, 30)));
      return row(id, t.createdAt(), t.updatedAt(), object("id", id, "url", baseUrl + "/api/v2/ticket_metrics/" + id
              + ".json", "ticket_id", id(Kind.TICKET, t.id()), "group_stations", 1, "assignee_stations", 1,
          "reopens", 0, "replies", 1 + Math.floorMod(n, 4), "assigned_at", time(assigned),
          "initially_assigned_at", time(assigned), "solved_at", time(t.closedAt()),
          "status_updated_at", time(t.closedAt() != null ? t.closedAt() : t.updatedAt()),
          "latest_comment_added_at", time(t.updatedAt()),
          "reply_time_in_minutes", minutes(firstReply), "first_resolution_time_in_minutes", minutes(resolution),
          "full_resolution_time_in_minutes", minutes(resolution), "agent_wait_time_in_minutes", minutes(0L),
          "requester_wait_time_in_minutes", minutes(resolution), "created_at", time(t.createdAt()),
          "updated_at", time(t.updatedAt())));
    }).sorted(Comparator.comparingLong(Row::id)).toList());
  }

  private static Map<String, Object> minutes(Long calendar) {
    return object("calendar", calendar, "business", calendar == null ? null : calendar * 8 / 24);
  }

  // ---- users and organizations ----

  /** End-users (the requesters; deleted ones {@code active: false}) and agents (the owners), by id. */
  List<Row> users() {
    return views.get("users", () -> {
      List<Row> out = new ArrayList<>();
      business.byId("contacts", Crm.ZENDESK_SUPPORT).values().stream().map(Contact.class::cast).forEach(c -> {
        long id = userId(c.id());
        Instant updated = c.archived() ? c.archivedAt() : c.updatedAt();
        out.add(row(id, c.createdAt(), updated, user(id, c.firstName() + " " + c.lastName(), c.email(), "end-user",
            c.companyId() == null ? null : id(Kind.ORGANIZATION, c.companyId()), !c.archived(), c.createdAt(),
            updated)));
      });
      for (Owner o : business.owners()) {
        long id = agentId(o.id());
        out.add(row(id, o.createdAt(), o.updatedAt(), user(id, o.firstName() + " " + o.lastName(), o.email(),
            out.isEmpty() || o.id().equals(business.owners().get(0).id()) ? "admin" : "agent", null, !o.archived(),
            o.createdAt(), o.updatedAt())));
      }
      return out.stream().sorted(Comparator.comparingLong(Row::id)).toList();
    });
  }

  private Map<String, Object> user(long id, String name, String email, String role, Long organizationId,
                                   boolean active, Instant created, Instant updated) {
    return object("id", id, "url", baseUrl + "/api/v2/users/" + id + ".json", "name", name, "email", email,
        "role", role, "organization_id", organizationId, "active", active, "suspended", false,
        "time_zone", "UTC", "iana_time_zone", "Etc/UTC", "tags", List.of(), "user_fields", Map.of(),
        "created_at", time(created), "updated_at", time(updated));
  }

  /** Organizations, deleted ones with {@code deleted_at} (their {@code updated_at} is the delete). */
  List<Row> organizations() {
    return views.get("organizations", () -> business.byId("companies", Crm.ZENDESK_SUPPORT).values().stream()
        .map(Company.class::cast).map(c -> {
          long id = id(Kind.ORGANIZATION, c.id());
          Instant updated = c.archived() ? c.archivedAt() : c.updatedAt();
          return row(id, c.createdAt(), updated, object("id", id, "url", baseUrl + "/api/v2/organizations/" + id
                  + ".json", "name", c.name(), "external_id", null, "domain_names", List.of(c.domain()),
              "details", c.industry(), "notes", "", "group_id", null, "shared_tickets", false,
              "shared_comments", false, "tags", List.of(), "organization_fields", object("country", c.country()),
              "created_at", time(c.createdAt()), "updated_at", time(updated), "deleted_at", time(c.archivedAt())));
        }).toList());
  }

  long userId(String contactId) {
    return id(Kind.USER, contactId);
  }

  private Long agentId(String ownerId) {
    return ownerId == null ? null : id(Kind.AGENT, ownerId);
  }

  // ---- reference: groups, brand, ticket fields ----

  private static long group(String category) {
    return id(Kind.GROUP, List.of("Product Support", "Billing", "Customer Service").indexOf(GROUPS.get(category)) + 1);
  }

  List<Row> groups() {
    Instant at = Business.AS_OF.minus(Duration.ofDays(900));
    return Stream.of("Product Support", "Billing", "Customer Service").map(name -> {
      long id = id(Kind.GROUP, List.of("Product Support", "Billing", "Customer Service").indexOf(name) + 1);
      return row(id, at, at, object("id", id, "url", baseUrl + "/api/v2/groups/" + id + ".json", "name", name,
          "description", "", "default", name.equals("Customer Service"), "deleted", false, "is_public", true,
          "created_at", time(at), "updated_at", time(at)));
    }).toList();
  }

  List<Row> brands() {
    Instant at = Business.AS_OF.minus(Duration.ofDays(900));
    return List.of(row(BRAND, at, at, object("id", BRAND, "url", baseUrl + "/api/v2/brands/" + BRAND + ".json",
        "name", "Support", "brand_url", baseUrl, "subdomain", "sandbox", "has_help_center", true, "active", true,
        "default", true, "created_at", time(at), "updated_at", time(at))));
  }

  /**
   * A few system fields and two drop-downs: Product (one option per product, value {@link #productTag}) and Request
   * type ({@link Ticket#REQUEST_TYPES}).
   */
  List<Row> ticketFields() {
    return views.get("ticketFields", () -> {
      Instant at = Business.AS_OF.minus(Duration.ofDays(900));
      List<Row> out = new ArrayList<>();
      String[][] system = {{"subject", "Subject"}, {"description", "Description"}, {"status", "Status"},
          {"tickettype", "Type"}, {"priority", "Priority"}, {"group", "Group"}, {"assignee", "Assignee"}};
      for (int i = 0; i < system.length; i++) {
        out.add(field(id(Kind.FIELD, i + 2), system[i][0], system[i][1], null, at));
      }
      List<Map<String, Object>> products = new ArrayList<>();
      for (Product p : business.products()) {
        products.add(option(id(Kind.OPTION, p.id()), p.name(), productTag(p.sku())));
      }
      out.add(field(PRODUCT_FIELD, "tagger", "Product", products, at));
      List<Map<String, Object>> types = new ArrayList<>();
      for (int i = 0; i < Ticket.REQUEST_TYPES.size(); i++) {
        String v = Ticket.REQUEST_TYPES.get(i);
        types.add(option(id(Kind.OPTION, 900_000 + i), Character.toUpperCase(v.charAt(0))
            + v.substring(1).replace('_', ' '), v));
      }
      out.add(field(REQUEST_TYPE_FIELD, "tagger", "Request type", types, at));
      return out.stream().sorted(Comparator.comparingLong(Row::id)).toList();
    });
  }

  private Row field(long id, String type, String title, List<Map<String, Object>> options, Instant at) {
    Map<String, Object> j = object("id", id, "url", baseUrl + "/api/v2/ticket_fields/" + id + ".json", "type", type,
        "title", title, "raw_title", title, "description", "", "position", (int) (id % 1000), "active", true,
        "required", false, "removable", options != null, "visible_in_portal", true, "editable_in_portal", true,
        "tag", null, "created_at", time(at), "updated_at", time(at));
    if (options != null) {
      j.put("custom_field_options", options);
    }
    return row(id, at, at, j);
  }

  private static Map<String, Object> option(long id, String name, String value) {
    return object("id", id, "name", name, "raw_name", name, "value", value, "default", false);
  }

  // ---- rendering ----

  /** ISO-8601 UTC in whole seconds, as Zendesk writes times; null stays null. */
  static String time(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static Row row(long id, Instant created, Instant updated, Map<String, Object> fields) {
    return new Row(id, created.truncatedTo(ChronoUnit.SECONDS), updated.truncatedTo(ChronoUnit.SECONDS), fields);
  }
}
