package io.crmw.sandbox.business;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ground-truth CRM account: plain domain records keyed by numeric id (so iteration order is id order and
 * deterministic). Reads are safe while another thread mutates; every mutation bumps {@link #version()}.
 */
public final class Business {

  /** Fixed "today" of the generated history: every generated timestamp is before it. */
  public static final Instant AS_OF = Instant.parse("2026-11-01T00:00:00Z");

  private final Clock clock;
  private final AtomicLong version = new AtomicLong();
  private volatile Instant lastStamp = AS_OF;

  private final List<Owner> owners = new ArrayList<>();
  private final List<Pipeline> dealPipelines = new ArrayList<>();
  private final List<Pipeline> ticketPipelines = new ArrayList<>();
  private final ConcurrentSkipListMap<Long, Company> companies = new ConcurrentSkipListMap<>();
  private final ConcurrentSkipListMap<Long, Contact> contacts = new ConcurrentSkipListMap<>();
  private final ConcurrentSkipListMap<Long, Deal> deals = new ConcurrentSkipListMap<>();
  private final ConcurrentSkipListMap<Long, Product> products = new ConcurrentSkipListMap<>();
  private final ConcurrentSkipListMap<Long, LineItem> lineItems = new ConcurrentSkipListMap<>();
  private final Map<ActivityType, ConcurrentSkipListMap<Long, Activity>> activities = new EnumMap<>(ActivityType.class);
  private final ConcurrentSkipListMap<Long, MarketingEmail> marketingEmails = new ConcurrentSkipListMap<>();
  private final ConcurrentSkipListMap<Long, Ticket> tickets = new ConcurrentSkipListMap<>();
  private final ConcurrentSkipListMap<Long, RevenueGoal> goals = new ConcurrentSkipListMap<>();
  private volatile CrmSplit crmSplit; // null: one CRM (HubSpot) holds everything

  public Business() {
    this(Clock.systemUTC());
  }

  public Business(Clock clock) {
    this.clock = clock;
    for (ActivityType t : ActivityType.values()) {
      activities.put(t, new ConcurrentSkipListMap<>());
    }
  }

  // ---- building (generator and hand-made test businesses) ----

  public Business add(Owner o) { owners.add(o); return touched(); }
  public Business addDealPipeline(Pipeline p) { dealPipelines.add(p); return touched(); }
  public Business addTicketPipeline(Pipeline p) { ticketPipelines.add(p); return touched(); }
  public Business add(Company c) { companies.put(key(c.id()), c); return touched(); }
  public Business add(Contact c) { contacts.put(key(c.id()), c); return touched(); }
  public Business add(Deal d) { deals.put(key(d.id()), d); return touched(); }
  public Business add(Product p) { products.put(key(p.id()), p); return touched(); }
  public Business add(LineItem l) { lineItems.put(key(l.id()), l); return touched(); }
  public Business add(Activity a) { activities.get(a.type()).put(key(a.id()), a); return touched(); }
  public Business add(MarketingEmail e) { marketingEmails.put(key(e.id()), e); return touched(); }
  public Business add(Ticket t) { tickets.put(key(t.id()), t); return touched(); }
  public Business add(RevenueGoal g) { goals.put(key(g.id()), g); return touched(); }

  // ---- reads ----

  /** Increases on every change; caches key on it. */
  public long version() { return version.get(); }

  public List<Owner> owners() { return Collections.unmodifiableList(owners); }
  public List<Pipeline> dealPipelines() { return Collections.unmodifiableList(dealPipelines); }
  public List<Pipeline> ticketPipelines() { return Collections.unmodifiableList(ticketPipelines); }
  public Collection<Company> companies() { return Collections.unmodifiableCollection(companies.values()); }
  public Collection<Contact> contacts() { return Collections.unmodifiableCollection(contacts.values()); }
  public Collection<Deal> deals() { return Collections.unmodifiableCollection(deals.values()); }
  public Collection<Product> products() { return Collections.unmodifiableCollection(products.values()); }
  public Collection<LineItem> lineItems() { return Collections.unmodifiableCollection(lineItems.values()); }
  public Collection<Activity> activities(ActivityType type) {
    return Collections.unmodifiableCollection(activities.get(type).values());
  }
  public Collection<MarketingEmail> marketingEmails() { return Collections.unmodifiableCollection(marketingEmails.values()); }
  public Collection<Ticket> tickets() { return Collections.unmodifiableCollection(tickets.values()); }
  public Collection<RevenueGoal> goals() { return Collections.unmodifiableCollection(goals.values()); }

  /** The id-ordered map of one record kind, for cursor paging. */
  public NavigableMap<Long, ?> byId(String objectType) {
    return switch (objectType) {
      case "companies" -> companies;
      case "contacts" -> contacts;
      case "deals" -> deals;
      case "products" -> products;
      case "line_items" -> lineItems;
      case "calls" -> activities.get(ActivityType.CALL);
      case "emails" -> activities.get(ActivityType.EMAIL);
      case "meetings" -> activities.get(ActivityType.MEETING);
      case "tasks" -> activities.get(ActivityType.TASK);
      case "notes" -> activities.get(ActivityType.NOTE);
      case "tickets" -> tickets;
      case "goal_targets" -> goals;
      case "marketing_emails" -> marketingEmails;
      default -> throw new IllegalArgumentException("unknown object type '" + objectType + "'");
    };
  }

  // ---- split between CRMs (HubSpot + Salesforce and/or Pipedrive); off unless the generator was asked for it ----

  /** Splits the business between HubSpot and Salesforce by {@link CrmSplit}'s rule. */
  public Business splitBetweenCrms() { crmSplit = CrmSplit.of(this); return touched(); }
  /** Splits the business between {@code crms} by {@link CrmSplit}'s rule; HubSpot alone is no split at all. */
  public Business splitBetween(Set<Crm> crms) {
    if (!crms.contains(Crm.HUBSPOT)) {
      throw new IllegalArgumentException("HubSpot holds whatever no other CRM takes, so it must be among " + crms);
    }
    if (crms.size() == 1 && crmSplit == null) {
      return this;
    }
    crmSplit = crms.size() == 1 ? null : CrmSplit.of(this, crms);
    return touched();
  }
  /** The CRMs that hold part of the business: HubSpot alone unless split. */
  public Set<Crm> crms() { CrmSplit s = crmSplit; return s == null ? EnumSet.of(Crm.HUBSPOT) : s.crms(); }
  public boolean isSplit() { return crmSplit != null; }
  /** The split, or empty when HubSpot holds everything. */
  public Optional<CrmSplit> crmSplit() { return Optional.ofNullable(crmSplit); }
  /** The CRM holding a deal: always HubSpot unless split. */
  public Crm holder(Deal d) { return crmSplit == null ? Crm.HUBSPOT : crmSplit.holder(d); }
  /** Whether a CRM holds a record (companies/contacts may be in both); unsplit: HubSpot holds everything. */
  public boolean holds(Crm crm, Object record) {
    return crmSplit == null ? crm == Crm.HUBSPOT : crmSplit.holds(crm, record);
  }
  /** Like {@link #byId(String)}, restricted to the records {@code crm} holds. */
  public NavigableMap<Long, ?> byId(String objectType, Crm crm) {
    CrmSplit s = crmSplit;
    if (s == null) {
      return crm == Crm.HUBSPOT ? byId(objectType) : Collections.emptyNavigableMap();
    }
    return s.view(objectType, crm, byId(objectType));
  }

  public Optional<Deal> deal(String id) { return Optional.ofNullable(deals.get(key(id))); }
  public Optional<Contact> contact(String id) { return Optional.ofNullable(contacts.get(key(id))); }
  public Optional<Company> company(String id) { return Optional.ofNullable(companies.get(key(id))); }
  public Optional<Owner> owner(String id) { return owners.stream().filter(o -> o.id().equals(id)).findFirst(); }

  public Optional<Pipeline> pipeline(String id) {
    return java.util.stream.Stream.concat(dealPipelines.stream(), ticketPipelines.stream())
        .filter(p -> p.id().equals(id)).findFirst();
  }

  public Stage stageOf(Deal d) {
    return pipeline(d.pipelineId()).flatMap(p -> p.stage(d.stageId()))
        .orElseThrow(() -> new IllegalStateException("deal " + d.id() + " is in unknown stage " + d.stageId()));
  }

  public Stage stageOf(Ticket t) {
    return pipeline(t.pipelineId()).flatMap(p -> p.stage(t.stageId()))
        .orElseThrow(() -> new IllegalStateException("ticket " + t.id() + " is in unknown stage " + t.stageId()));
  }

  // ---- mutations: visible at once through the simulator; each bumps last-modified to now ----

  public synchronized Deal changeDealAmount(String dealId, BigDecimal amount) {
    Deal d = requireDeal(dealId).withAmount(amount, stamp());
    deals.put(key(dealId), d);
    touched();
    return d;
  }

  /** Moves a deal to another stage of its pipeline; entering a closed stage sets the close date to today (UTC). */
  public synchronized Deal moveDealToStage(String dealId, String stageId) {
    Deal d = requireDeal(dealId);
    Stage target = pipeline(d.pipelineId()).flatMap(p -> p.stage(stageId))
        .orElseThrow(() -> new IllegalArgumentException("stage " + stageId + " is not in pipeline " + d.pipelineId()));
    Instant at = stamp();
    LocalDate close = target.closed() ? LocalDate.ofInstant(at, java.time.ZoneOffset.UTC) : d.closeDate();
    return put(d.movedTo(stageId, close, target.lost() ? d.lostReason() : null, at));
  }

  public synchronized Deal closeDealWon(String dealId, LocalDate closeDate) {
    Deal d = requireDeal(dealId);
    Stage won = pipeline(d.pipelineId()).orElseThrow().wonStage();
    return put(d.movedTo(won.id(), closeDate, null, stamp()));
  }

  public synchronized Deal closeDealLost(String dealId, LocalDate closeDate, String reason) {
    Deal d = requireDeal(dealId);
    Stage lost = pipeline(d.pipelineId()).orElseThrow().lostStage();
    return put(d.movedTo(lost.id(), closeDate, reason, stamp()));
  }

  public synchronized Deal addDeal(NewDeal n) {
    Instant at = stamp();
    String id = nextId(deals);
    Pipeline p = pipeline(n.pipelineId()).orElseThrow(() -> new IllegalArgumentException("no pipeline " + n.pipelineId()));
    p.stage(n.stageId()).orElseThrow(() -> new IllegalArgumentException("no stage " + n.stageId()));
    Deal d = new Deal(id, n.name(), n.pipelineId(), n.stageId(), n.amount(), n.currency(), n.closeDate(), n.ownerId(),
        n.companyId(), n.contactIds(), n.leadSource(), null, "EMEA", List.of(new StageVisit(n.stageId(), at, null)),
        at, at, null);
    return put(d);
  }

  /** Archiving does not bump last-modified, exactly as HubSpot. */
  public synchronized Deal archiveDeal(String dealId) {
    Deal d = requireDeal(dealId).archive(stamp());
    deals.put(key(dealId), d);
    touched();
    return d;
  }

  public synchronized Contact archiveContact(String contactId) {
    Contact c = requireContact(contactId).archive(stamp());
    contacts.put(key(contactId), c);
    touched();
    return c;
  }

  public synchronized Company archiveCompany(String companyId) {
    Company c = company(companyId).orElseThrow(() -> new IllegalArgumentException("no company " + companyId));
    c = c.archive(stamp());
    companies.put(key(companyId), c);
    touched();
    return c;
  }

  public synchronized Contact changeContactEmail(String contactId, String email) {
    Contact c = requireContact(contactId).withEmail(email, stamp());
    contacts.put(key(contactId), c);
    touched();
    return c;
  }

  public synchronized Contact changeContactLifecycleStage(String contactId, String lifecycleStage) {
    Contact c = requireContact(contactId).withLifecycleStage(lifecycleStage, stamp());
    contacts.put(key(contactId), c);
    touched();
    return c;
  }

  public synchronized Contact addContact(NewContact n) {
    Instant at = stamp();
    Contact c = new Contact(nextId(contacts), n.email(), n.firstName(), n.lastName(), n.lifecycleStage(), "NEW",
        n.leadSource(), n.companyId(), n.ownerId(), "customer".equals(n.lifecycleStage()) ? at : null, at, at, null);
    contacts.put(key(c.id()), c);
    touched();
    return c;
  }

  /** Solves a ticket now: it moves to its pipeline's closed stage. */
  public synchronized Ticket solveTicket(String ticketId) {
    Ticket t = requireTicket(ticketId);
    Stage closed = pipeline(t.pipelineId()).orElseThrow().stages().stream().filter(Stage::closed).findFirst()
        .orElseThrow();
    return putTicket(t.solved(closed.id(), stamp()));
  }

  /** Deletes a ticket as a help-desk agent does (it stays listed as deleted); last-modified is not bumped. */
  public synchronized Ticket deleteTicket(String ticketId) {
    return putTicket(requireTicket(ticketId).delete(stamp()));
  }

  public Optional<Ticket> ticket(String id) { return Optional.ofNullable(tickets.get(key(id))); }

  // ---- internals ----

  private Ticket putTicket(Ticket t) {
    tickets.put(key(t.id()), t);
    touched();
    return t;
  }

  private Ticket requireTicket(String id) {
    return ticket(id).orElseThrow(() -> new IllegalArgumentException("no ticket " + id));
  }


  private Deal put(Deal d) {
    deals.put(key(d.id()), d);
    touched();
    return d;
  }

  private Deal requireDeal(String id) {
    return deal(id).orElseThrow(() -> new IllegalArgumentException("no deal " + id));
  }

  private Contact requireContact(String id) {
    return contact(id).orElseThrow(() -> new IllegalArgumentException("no contact " + id));
  }

  /** Wall-clock now at ms precision, strictly after every earlier mutation and after the generated history. */
  private Instant stamp() {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    if (!now.isAfter(lastStamp)) {
      now = lastStamp.plusMillis(1);
    }
    lastStamp = now;
    return now;
  }

  private static String nextId(NavigableMap<Long, ?> map) {
    return Long.toString(map.isEmpty() ? 1 : map.lastKey() + 1);
  }

  private Business touched() {
    version.incrementAndGet();
    return this;
  }

  static long key(String id) {
    return Long.parseLong(id);
  }
}
