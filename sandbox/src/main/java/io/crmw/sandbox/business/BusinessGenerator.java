package io.crmw.sandbox.business;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Builds a plausible two-year CRM history from one seed. Everything comes from a single {@link Random} consumed in a
 * fixed order, so the same seed and size always give the same business.
 * Volume: size 1 ≈ 50 companies, 200 contacts, 300 deals and proportional activities.
 */
public final class BusinessGenerator {

  public static final List<String> LEAD_SOURCES = List.of("ORGANIC_SEARCH", "PAID_SEARCH", "EMAIL_MARKETING",
      "SOCIAL_MEDIA", "REFERRALS", "DIRECT_TRAFFIC", "OFFLINE");
  public static final List<String> LOST_REASONS = List.of("Chose competitor", "Price too high", "No budget",
      "Timing", "No decision", "Missing feature");
  public static final List<String> REGIONS = List.of("EMEA", "NA", "APAC", "LATAM");
  public static final String DEFAULT_PIPELINE = "default";
  public static final String ENTERPRISE_PIPELINE = "1467812";
  public static final String SUPPORT_PIPELINE = "0";

  private static final Duration HISTORY = Duration.ofDays(730);
  private static final Instant START = Business.AS_OF.minus(HISTORY);
  private static final String[] FIRST = {"Anna", "Ben", "Chloe", "David", "Emma", "Felix", "Grace", "Hugo", "Ines",
      "Jonas", "Karin", "Liam", "Mia", "Noah", "Olivia", "Paul", "Quinn", "Rosa", "Sam", "Tara", "Umar", "Vera",
      "Will", "Xenia", "Yusuf", "Zoe"};
  private static final String[] LAST = {"Adams", "Becker", "Costa", "Dubois", "Evans", "Fischer", "Garcia", "Hansen",
      "Ivanova", "Jensen", "Klein", "Lopez", "Martin", "Nowak", "Olsen", "Petit", "Rossi", "Schmidt", "Taylor",
      "Urban", "Vogel", "Walsh", "Young", "Zimmer"};
  private static final String[] WORD1 = {"Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli", "Vandelay",
      "Soylent", "Tyrell", "Cyberdyne", "Aperture", "Wonka", "Gringotts", "Oscorp", "Nakatomi", "Massive", "Dunder",
      "Pied", "Monarch"};
  private static final String[] WORD2 = {"Labs", "Systems", "Industries", "Logistics", "Foods", "Energy", "Health",
      "Analytics", "Robotics", "Media", "Capital", "Retail", "Motors", "Software", "Partners"};
  private static final String[] INDUSTRIES = {"COMPUTER_SOFTWARE", "FINANCIAL_SERVICES", "HOSPITAL_HEALTH_CARE",
      "RETAIL", "LOGISTICS_AND_SUPPLY_CHAIN", "MARKETING_AND_ADVERTISING", "FOOD_PRODUCTION", "AUTOMOTIVE"};
  private static final String[] COUNTRIES = {"United States", "Germany", "United Kingdom", "France", "Netherlands",
      "Spain", "Canada", "Australia"};
  private static final String[] LIFECYCLE = {"subscriber", "lead", "marketingqualifiedlead", "salesqualifiedlead",
      "opportunity", "customer", "evangelist", "other"};
  private static final String[] LEAD_STATUS = {"NEW", "OPEN", "IN_PROGRESS", "OPEN_DEAL", "UNQUALIFIED",
      "ATTEMPTED_TO_CONTACT", "CONNECTED", "BAD_TIMING"};

  private final Random rnd;
  private final int size;
  private final Business business = new Business();

  private BusinessGenerator(long seed, int size) {
    this.rnd = new Random(seed);
    this.size = size;
  }

  public static Business generate(long seed, int size) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be at least 1, was " + size);
    }
    return new BusinessGenerator(seed, size).build();
  }

  /**
   * The same business as {@link #generate(long, int)}; with {@code splitBetweenCrms} its deals, companies and
   * contacts are split between HubSpot and Salesforce by {@link CrmSplit}'s documented rule (enterprise deals in
   * Salesforce), without consuming any randomness, so the records themselves are identical.
   */
  public static Business generate(long seed, int size, boolean splitBetweenCrms) {
    Business b = generate(seed, size);
    return splitBetweenCrms ? b.splitBetweenCrms() : b;
  }

  /**
   * The same business as {@link #generate(long, int)}, split between {@code crms} (which must include HubSpot) by
   * {@link CrmSplit}'s documented rule; {@code {HUBSPOT}} alone is the unsplit business.
   */
  public static Business generate(long seed, int size, java.util.Set<Crm> crms) {
    return generate(seed, size).splitBetween(crms);
  }

  private Business build() {
    pipelines();
    List<Owner> owners = owners();
    List<Product> products = products();
    List<Company> companies = companies(owners);
    List<Contact> contacts = contacts(owners, companies);
    List<Deal> deals = deals(owners, companies, contacts);
    lineItems(deals, products);
    activities(owners, deals, contacts);
    marketingEmails();
    tickets(owners, companies, contacts, products);
    goals(owners);
    return business;
  }

  // ---- reference data ----

  private void pipelines() {
    Instant created = START.minus(Duration.ofDays(200));
    business.addDealPipeline(new Pipeline(DEFAULT_PIPELINE, "deals", "Sales Pipeline", 0, List.of(
        dealStage("appointmentscheduled", "Appointment Scheduled", 0, "0.2", false),
        dealStage("qualifiedtobuy", "Qualified To Buy", 1, "0.4", false),
        dealStage("presentationscheduled", "Presentation Scheduled", 2, "0.6", false),
        dealStage("decisionmakerboughtin", "Decision Maker Bought-In", 3, "0.8", false),
        dealStage("contractsent", "Contract Sent", 4, "0.9", false),
        dealStage("closedwon", "Closed Won", 5, "1.0", true),
        dealStage("closedlost", "Closed Lost", 6, "0.0", true)), created, created.plus(Duration.ofDays(3))));
    business.addDealPipeline(new Pipeline(ENTERPRISE_PIPELINE, "deals", "Enterprise", 1, List.of(
        dealStage("1467813", "Discovery", 0, "0.1", false),
        dealStage("1467814", "Solution Demo", 1, "0.3", false),
        dealStage("1467815", "Proposal", 2, "0.5", false),
        dealStage("1467816", "Negotiation", 3, "0.7", false),
        dealStage("1467817", "Closed Won", 4, "1.0", true),
        dealStage("1467818", "Closed Lost", 5, "0.0", true)), created.plus(Duration.ofDays(40)),
        created.plus(Duration.ofDays(41))));
    business.addTicketPipeline(new Pipeline(SUPPORT_PIPELINE, "tickets", "Support Pipeline", 0, List.of(
        new Stage("1", "New", 0, null, false, "OPEN"),
        new Stage("2", "Waiting on contact", 1, null, false, "OPEN"),
        new Stage("3", "Waiting on us", 2, null, false, "OPEN"),
        new Stage("4", "Closed", 3, null, true, "CLOSED")), created, created));
  }

  private static Stage dealStage(String id, String label, int order, String probability, boolean closed) {
    return new Stage(id, label, order, new BigDecimal(probability), closed, null);
  }

  private List<Owner> owners() {
    int n = Math.min(6 + 4 * size, 200);
    List<Team> teams = List.of(new Team("3101", "EMEA Sales", false), new Team("3102", "NA Sales", false),
        new Team("3103", "APAC Sales", false), new Team("3104", "Enterprise", false));
    List<Owner> out = new ArrayList<>();
    long id = 91_234_000L;
    for (int i = 0; i < n; i++) {
      id += 1 + rnd.nextInt(50);
      String first = pick(FIRST);
      String last = pick(LAST);
      Team primary = teams.get(i % teams.size());
      List<Team> ownerTeams = new ArrayList<>();
      ownerTeams.add(new Team(primary.id(), primary.name(), true));
      if (rnd.nextInt(5) == 0) {
        Team second = teams.get(3);
        if (!second.id().equals(primary.id())) {
          ownerTeams.add(second);
        }
      }
      Instant created = stamp(START.minus(Duration.ofDays(100)), START);
      boolean archived = i == n - 1; // one deactivated user
      Owner o = new Owner(Long.toString(id), (first + "." + last + i).toLowerCase() + "@sandbox-crm.example",
          first, last, 5_100_000L + i * 7L, ownerTeams, created, stamp(created, Business.AS_OF), archived);
      out.add(o);
      business.add(o);
    }
    return out;
  }

  private List<Product> products() {
    String[][] catalogue = {{"Platform Licence", "monthly"}, {"Analytics Add-on", "monthly"}, {"Onboarding Package", null},
        {"Premium Support", "annually"}, {"API Access", "monthly"}, {"Training Day", null}, {"Data Migration", null},
        {"Extra Seats (10)", "monthly"}, {"Hardware Gateway", null}, {"Consulting Hour", null}};
    int n = 10 + 2 * Math.min(size, 20);
    List<Product> out = new ArrayList<>();
    long id = 1_190_000_000L;
    for (int i = 0; i < n; i++) {
      id += 1 + rnd.nextInt(9);
      String[] c = catalogue[i % catalogue.length];
      String name = i < catalogue.length ? c[0] : c[0] + " v" + (i / catalogue.length + 1);
      BigDecimal price = BigDecimal.valueOf(50 + rnd.nextInt(4950)).setScale(2, RoundingMode.HALF_UP);
      BigDecimal cost = price.multiply(BigDecimal.valueOf(20 + rnd.nextInt(50))).movePointLeft(2)
          .setScale(2, RoundingMode.HALF_UP);
      Instant created = stamp(START.minus(Duration.ofDays(90)), START);
      Product p = new Product(Long.toString(id), name, String.format("SKU-%04d", 1000 + i), price, cost, c[1],
          created, stamp(created, START.plus(Duration.ofDays(30))));
      out.add(p);
      business.add(p);
    }
    return out;
  }

  private List<Company> companies(List<Owner> owners) {
    int n = 50 * size;
    List<Company> out = new ArrayList<>();
    long id = 7_000_000_000L;
    for (int i = 0; i < n; i++) {
      id += 1 + rnd.nextInt(7);
      String name = pick(WORD1) + " " + pick(WORD2) + (i >= WORD1.length * WORD2.length / 4 ? " " + (i + 1) : "");
      String domain = name.toLowerCase().replaceAll("[^a-z0-9]+", "-") + ".example";
      Instant created = stamp(START, Business.AS_OF.minus(Duration.ofDays(60)));
      Instant updated = stamp(created, Business.AS_OF);
      Instant archivedAt = rnd.nextInt(50) == 0 ? stamp(updated, Business.AS_OF) : null;
      Company c = new Company(Long.toString(id), name, domain, pick(INDUSTRIES), 5 + rnd.nextInt(5000),
          pick(COUNTRIES), liveOwner(owners).id(), created, updated, archivedAt);
      out.add(c);
      business.add(c);
    }
    return out;
  }

  private List<Contact> contacts(List<Owner> owners, List<Company> companies) {
    int n = 200 * size;
    List<Contact> out = new ArrayList<>();
    long id = 500_000L;
    for (int i = 0; i < n; i++) {
      id += 1 + rnd.nextInt(5);
      String first = pick(FIRST);
      String last = pick(LAST);
      Company company = rnd.nextInt(10) == 0 ? null : companies.get(rnd.nextInt(companies.size()));
      String domain = company == null ? "mail.example" : company.domain();
      Instant created = stamp(START, Business.AS_OF.minus(Duration.ofDays(20)));
      Instant updated = stamp(created, Business.AS_OF);
      String lifecycle = LIFECYCLE[weighted(new int[] {10, 25, 15, 12, 10, 20, 3, 5})];
      Instant customerSince = "customer".equals(lifecycle) || "evangelist".equals(lifecycle)
          ? stamp(created, updated) : null;
      Instant archivedAt = rnd.nextInt(50) == 0 ? stamp(updated, Business.AS_OF) : null;
      Contact c = new Contact(Long.toString(id), (first + "." + last + "." + i).toLowerCase() + "@" + domain,
          first, last, lifecycle, pick(LEAD_STATUS), pickList(LEAD_SOURCES), company == null ? null : company.id(),
          liveOwner(owners).id(), customerSince, created, updated, archivedAt);
      out.add(c);
      business.add(c);
    }
    return out;
  }

  private List<Deal> deals(List<Owner> owners, List<Company> companies, List<Contact> contacts) {
    int n = 300 * size;
    String[] currencies = {"USD", "EUR", "GBP"};
    List<Deal> out = new ArrayList<>();
    long id = 18_000_000_000L;
    for (int i = 0; i < n; i++) {
      id += 1 + rnd.nextInt(11);
      Pipeline pipeline = business.dealPipelines().get(rnd.nextInt(5) == 0 ? 1 : 0);
      Company company = companies.get(rnd.nextInt(companies.size()));
      List<String> dealContacts = new ArrayList<>();
      int contactCount = rnd.nextInt(4);
      for (int k = 0; k < contactCount; k++) {
        String cid = contacts.get(rnd.nextInt(contacts.size())).id();
        if (!dealContacts.contains(cid)) {
          dealContacts.add(cid);
        }
      }
      Instant created = stamp(START, Business.AS_OF.minus(Duration.ofDays(2)));
      long ageDays = Duration.between(created, Business.AS_OF).toDays();
      int outcome = rnd.nextInt(100); // older deals are more likely closed
      boolean closes = outcome < Math.min(85, 20 + ageDays / 6);
      boolean won = closes && rnd.nextInt(100) < 55;
      List<Stage> open = pipeline.openStages();
      int reach = won ? open.size() : 1 + rnd.nextInt(open.size());
      List<String> path = new ArrayList<>();
      for (int s = 0; s < reach; s++) {
        if (s == 0 || s == reach - 1 || rnd.nextInt(6) != 0) { // reps sometimes skip a stage
          path.add(open.get(s).id());
        }
      }
      if (closes) {
        path.add(won ? pipeline.wonStage().id() : pipeline.lostStage().id());
      }
      List<StageVisit> journey = journey(path, created);
      Instant lastEntered = journey.get(journey.size() - 1).enteredAt();
      Instant updated = stamp(lastEntered, min(lastEntered.plus(Duration.ofDays(5)), Business.AS_OF));
      LocalDate closeDate = closes ? LocalDate.ofInstant(lastEntered, ZoneOffset.UTC)
          : rnd.nextInt(20) == 0 ? null : LocalDate.ofInstant(created, ZoneOffset.UTC).plusDays(30 + rnd.nextInt(120));
      String currency = currencies[weighted(new int[] {70, 20, 10})];
      BigDecimal amount = !won && rnd.nextInt(60) == 0 ? null
          : BigDecimal.valueOf(1000 + rnd.nextInt(49_000) + (pipeline.id().equals(ENTERPRISE_PIPELINE) ? 40_000 : 0));
      Instant archivedAt = rnd.nextInt(50) == 0 ? stamp(updated, Business.AS_OF) : null;
      Deal d = new Deal(Long.toString(id), company.name() + " – " + pick(new String[] {"new business", "renewal",
          "upsell", "pilot", "expansion"}), pipeline.id(), path.get(path.size() - 1), amount, currency, closeDate,
          liveOwner(owners).id(), company.id(), dealContacts, pickList(LEAD_SOURCES),
          closes && !won ? pickList(LOST_REASONS) : null, pickList(REGIONS), journey, created, updated, archivedAt);
      out.add(d);
    }
    return out; // added to the business once line items have settled the amounts
  }

  private List<StageVisit> journey(List<String> path, Instant created) {
    long[] gaps = new long[path.size()];
    long total = 0;
    for (int s = 1; s < path.size(); s++) {
      gaps[s] = Duration.ofHours(6 + rnd.nextInt(24 * 25)).toMillis() + rnd.nextInt(1000);
      total += gaps[s];
    }
    long room = Duration.between(created, Business.AS_OF).toMillis() - Duration.ofHours(2).toMillis();
    double scale = total > room ? (double) room / total : 1.0;
    List<StageVisit> visits = new ArrayList<>();
    Instant at = created;
    for (int s = 0; s < path.size(); s++) {
      if (s > 0) {
        at = at.plusMillis(Math.max(1, (long) (gaps[s] * scale)));
      }
      visits.add(new StageVisit(path.get(s), at, null));
    }
    for (int s = 0; s < visits.size() - 1; s++) {
      StageVisit v = visits.get(s);
      visits.set(s, new StageVisit(v.stageId(), v.enteredAt(), visits.get(s + 1).enteredAt()));
    }
    return visits;
  }

  private void lineItems(List<Deal> deals, List<Product> products) {
    long id = 3_300_000_000L;
    for (Deal d : deals) {
      Deal settled = d;
      if (d.amount() != null && rnd.nextInt(10) < 8) {
        int lines = 1 + rnd.nextInt(4);
        BigDecimal sum = BigDecimal.ZERO;
        for (int l = 0; l < lines; l++) {
          id += 1 + rnd.nextInt(3);
          Product p = products.get(rnd.nextInt(products.size()));
          int qty = 1 + rnd.nextInt(10);
          BigDecimal price = p.unitPrice().multiply(fxToUsdFactor(d.currency())).setScale(2, RoundingMode.HALF_UP);
          BigDecimal discount = rnd.nextInt(4) == 0
              ? price.multiply(BigDecimal.valueOf(qty)).multiply(BigDecimal.valueOf(5 + rnd.nextInt(16)))
                  .movePointLeft(2).setScale(2, RoundingMode.HALF_UP)
              : BigDecimal.ZERO.setScale(2);
          Integer term = p.recurringFrequency() == null ? null : 12 * (1 + rnd.nextInt(3));
          LineItem li = new LineItem(Long.toString(id), d.id(), p.id(), p.name(), p.sku(), qty, price, discount,
              d.currency(), p.recurringFrequency(), term, d.createdAt().plusSeconds(60 + rnd.nextInt(3600)),
              d.updatedAt());
          business.add(li);
          sum = sum.add(li.amount());
        }
        // Usually the deal amount is the sum of its lines; sometimes a rep typed a different figure.
        BigDecimal amount = rnd.nextInt(100) < 85 ? sum
            : sum.add(BigDecimal.valueOf(100 + rnd.nextInt(5000))).setScale(2, RoundingMode.HALF_UP);
        settled = d.withAmount(amount, d.updatedAt());
      }
      business.add(settled);
    }
  }

  private static BigDecimal fxToUsdFactor(String currency) {
    return switch (currency) {
      case "EUR" -> new BigDecimal("0.92");
      case "GBP" -> new BigDecimal("0.79");
      default -> BigDecimal.ONE;
    };
  }

  private void activities(List<Owner> owners, List<Deal> deals, List<Contact> contacts) {
    int[] perSize = {400, 400, 150, 200, 200};
    long[] ids = {41_000_000_000L, 42_000_000_000L, 43_000_000_000L, 44_000_000_000L, 45_000_000_000L};
    String[] dispositions = {"f240bbac-87c9-4f6e-bf70-924b57d47db7", "73a0d17f-1163-4015-bdd5-ec830791da20",
        "b2cf5968-551e-4856-9783-52b3da59a7d0", "9d9162e7-6cf3-4944-bf63-4dff82258764"}; // connected, no answer, left voicemail, busy
    for (ActivityType type : ActivityType.values()) {
      int n = perSize[type.ordinal()] * size;
      long id = ids[type.ordinal()];
      for (int i = 0; i < n; i++) {
        id += 1 + rnd.nextInt(5);
        Deal deal = rnd.nextInt(3) == 0 ? null : deals.get(rnd.nextInt(deals.size()));
        String contactId = deal != null && !deal.contactIds().isEmpty() ? deal.contactIds().get(0)
            : contacts.get(rnd.nextInt(contacts.size())).id();
        String companyId = deal != null ? deal.companyId() : business.contact(contactId)
            .map(Contact::companyId).orElse(null);
        Instant ts = stamp(deal != null ? deal.createdAt() : START, Business.AS_OF.minus(Duration.ofHours(1)));
        Instant updated = stamp(ts, min(ts.plus(Duration.ofDays(2)), Business.AS_OF));
        String owner = deal != null ? deal.ownerId() : liveOwner(owners).id();
        Activity a = switch (type) {
          case CALL -> {
            boolean connected = rnd.nextInt(10) < 6;
            long duration = connected ? 30_000L + rnd.nextInt(1_800_000) : rnd.nextInt(30_000);
            yield new Activity(Long.toString(id), type, ts, owner, did(deal), contactId, companyId,
                "Call with " + contactId, "Discussed next steps", rnd.nextInt(3) == 0 ? "INBOUND" : "OUTBOUND",
                connected ? dispositions[0] : dispositions[1 + rnd.nextInt(3)], duration,
                connected && rnd.nextBoolean() ? "https://recordings.sandbox-crm.example/calls/" + id + ".mp3" : null,
                "COMPLETED", null, null, ts, updated);
          }
          case EMAIL -> new Activity(Long.toString(id), type, ts, owner, did(deal), contactId, companyId,
              pick(new String[] {"Follow-up", "Proposal attached", "Quick question", "Meeting recap"}),
              "Hello, ...", rnd.nextBoolean() ? "EMAIL" : "INCOMING_EMAIL", null, null, null, null, null, null,
              ts, updated);
          case MEETING -> new Activity(Long.toString(id), type, ts, owner, did(deal), contactId, companyId,
              pick(new String[] {"Discovery call", "Demo", "Negotiation", "Kick-off"}), "Agenda: ...", null,
              pick(new String[] {"SCHEDULED", "COMPLETED", "RESCHEDULED", "NO_SHOW", "CANCELED"}), null, null, null,
              null, ts.plus(Duration.ofMinutes(30L * (1 + rnd.nextInt(3)))), ts, updated);
          case TASK -> new Activity(Long.toString(id), type, ts, owner, did(deal), contactId, companyId,
              pick(new String[] {"Send contract", "Call back", "Prepare demo", "Update CRM"}), "", null, null, null,
              null, rnd.nextInt(3) == 0 ? "NOT_STARTED" : "COMPLETED", pick(new String[] {"CALL", "EMAIL", "TODO"}),
              null, ts, updated);
          case NOTE -> new Activity(Long.toString(id), type, ts, owner, did(deal), contactId, companyId, null,
              "<p>" + pick(new String[] {"Budget confirmed.", "Champion left the company.", "Asked for discount.",
                  "Legal review pending."}) + "</p>", null, null, null, null, null, null, null, ts, updated);
        };
        business.add(a);
      }
    }
  }

  private static String did(Deal d) {
    return d == null ? null : d.id();
  }

  private void marketingEmails() {
    int n = 10 + 5 * Math.min(size, 40);
    long id = 61_000_000_000L;
    for (int i = 0; i < n; i++) {
      id += 1 + rnd.nextInt(100);
      Instant created = stamp(START, Business.AS_OF.minus(Duration.ofDays(5)));
      boolean published = rnd.nextInt(10) < 8;
      Instant publishedAt = published ? stamp(created, min(created.plus(Duration.ofDays(7)), Business.AS_OF)) : null;
      long sent = published ? 500 + rnd.nextInt(20_000) : 0;
      long bounced = sent * rnd.nextInt(5) / 100;
      long delivered = sent - bounced;
      long opened = delivered * (10 + rnd.nextInt(40)) / 100;
      long clicked = opened * (5 + rnd.nextInt(30)) / 100;
      long unsubscribed = delivered * rnd.nextInt(3) / 1000;
      long spam = delivered * rnd.nextInt(2) / 2000;
      Instant updated = stamp(publishedAt == null ? created : publishedAt, Business.AS_OF);
      business.add(new MarketingEmail(Long.toString(id), "Newsletter " + (i + 1),
          pick(new String[] {"Product update", "Webinar invitation", "Customer story", "Spring offer"}) + " #" + (i + 1),
          published ? "PUBLISHED" : (rnd.nextBoolean() ? "DRAFT" : "SCHEDULED"), publishedAt, sent, delivered,
          opened, clicked, bounced, unsubscribed, spam, created, updated, campaignId(id), campaignName(id)));
    }
  }

  private void tickets(List<Owner> owners, List<Company> companies, List<Contact> contacts, List<Product> products) {
    int n = 100 * size;
    long id = 2_100_000_000L;
    Pipeline support = business.ticketPipelines().get(0);
    for (int i = 0; i < n; i++) {
      id += 1 + rnd.nextInt(4);
      Contact contact = contacts.get(rnd.nextInt(contacts.size()));
      String companyId = contact.companyId() != null ? contact.companyId()
          : companies.get(rnd.nextInt(companies.size())).id();
      Instant created = stamp(START, Business.AS_OF.minus(Duration.ofHours(3)));
      boolean closed = rnd.nextInt(10) < 7;
      Instant closedAt = closed ? stamp(created, min(created.plus(Duration.ofDays(14)), Business.AS_OF)) : null;
      Stage stage = closed ? support.stages().get(3) : support.stages().get(rnd.nextInt(3));
      Instant updated = closed ? closedAt : stamp(created, Business.AS_OF);
      Product product = products.get(rnd.nextInt(products.size()));
      Ticket ticket = new Ticket(Long.toString(id), pick(new String[] {"Cannot log in", "Invoice question",
          "Sync error", "Feature request", "Slow dashboard"}) + " (" + product.sku() + ")", support.id(), stage.id(),
          pick(new String[] {"LOW", "MEDIUM", "HIGH", "URGENT"}),
          pick(new String[] {"PRODUCT_ISSUE", "BILLING_ISSUE", "FEATURE_REQUEST", "GENERAL_INQUIRY"}),
          pick(new String[] {"EMAIL", "CHAT", "PHONE", "FORM"}), companyId, contact.id(), product.sku(),
          liveOwner(owners).id(), created, closedAt, updated, false, null);
      business.add(ticket.withReturnRequested(returnRequested(id, ticket.category())));
    }
  }

  // Campaign and return-request fields are functions of the record id (no random draws), so adding them left every
  // other generated value unchanged.
  private static String campaignId(long emailId) {
    Campaigns.Campaign c = Campaigns.ofEmail(Long.toString(emailId));
    return c == null ? null : c.id();
  }

  private static String campaignName(long emailId) {
    Campaigns.Campaign c = Campaigns.ofEmail(Long.toString(emailId));
    return c == null ? null : c.name();
  }

  /** About a third of product-issue tickets ask to return the product. */
  private static boolean returnRequested(long ticketId, String category) {
    return "PRODUCT_ISSUE".equals(category) && ticketId % 3 == 0;
  }

  private void goals(List<Owner> owners) {
    long id = 87_500_000_000L;
    YearMonth first = YearMonth.from(START.atZone(ZoneOffset.UTC)).plusMonths(1);
    YearMonth last = YearMonth.from(Business.AS_OF.atZone(ZoneOffset.UTC)).plusMonths(1);
    for (Owner o : owners) {
      String group = Long.toString(900_000 + Long.parseLong(o.id()) % 100_000);
      BigDecimal base = BigDecimal.valueOf(20_000 + 5_000L * rnd.nextInt(10));
      for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
        id += 1 + rnd.nextInt(3);
        Instant created = m.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().minus(Duration.ofDays(20));
        business.add(new RevenueGoal(Long.toString(id), o.id(), m, base, "USD", group,
            millis(created), millis(created.plus(Duration.ofHours(rnd.nextInt(48))))));
      }
    }
  }

  // ---- helpers ----

  private Owner liveOwner(List<Owner> owners) {
    return owners.get(rnd.nextInt(owners.size() - 1)); // the last owner is the deactivated one
  }

  private String pick(String[] values) {
    return values[rnd.nextInt(values.length)];
  }

  private String pickList(List<String> values) {
    return values.get(rnd.nextInt(values.size()));
  }

  private int weighted(int[] weights) {
    int total = 0;
    for (int w : weights) {
      total += w;
    }
    int r = rnd.nextInt(total);
    for (int i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  /**
   * A random instant in [from, to) whose precision varies like HubSpot's: a third whole seconds, a third
   * tenths, a third milliseconds.
   */
  private Instant stamp(Instant from, Instant to) {
    long span = Math.max(1, Duration.between(from, to).toMillis() - 1000);
    Instant t = from.plusMillis((long) (rnd.nextDouble() * span));
    long ms = t.toEpochMilli();
    ms = switch (rnd.nextInt(3)) {
      case 0 -> ms - Math.floorMod(ms, 1000);
      case 1 -> ms - Math.floorMod(ms, 100);
      default -> ms;
    };
    Instant out = Instant.ofEpochMilli(ms);
    return out.isBefore(from) ? from : out;
  }

  private static Instant millis(Instant t) {
    return Instant.ofEpochMilli(t.toEpochMilli());
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
