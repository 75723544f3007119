package io.crmw.sandbox.business;

import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Which CRM holds each record when the generated business is split between HubSpot and any of Salesforce, Pipedrive
 * and Zoho ({@code SandboxOptions.withCrms(...)}; {@code withSalesforce(true)} is HubSpot + Salesforce). HubSpot is
 * always in the set and holds whatever no other CRM takes. The rule, deterministic and independent of the generator's
 * random stream (so a split business has exactly the records of an unsplit one with the same seed):
 * <ul>
 *   <li><b>Deals</b>: held by exactly one CRM, decided in this order.
 *     <ol>
 *       <li>With Salesforce in the set, Salesforce holds the enterprise deals: every deal of the
 *           {@link BusinessGenerator#ENTERPRISE_PIPELINE Enterprise} pipeline, and every deal of a <i>key account</i>
 *           (a company whose id hashes to 0 mod 5, ≈ 20 % of companies).</li>
 *       <li>With Pipedrive in the set, Pipedrive holds the <i>partner channel</i> deals: every deal of the
 *           {@link BusinessGenerator#DEFAULT_PIPELINE default sales pipeline} whose company is a <i>partner
 *           account</i> (id hashes to 1 mod 5 with the same hash, so never a key account).</li>
 *       <li>With Zoho in the set, Zoho holds the <i>direct field sales</i> deals: every deal of the default sales
 *           pipeline whose company is a <i>field account</i> (id hashes to 2 mod 5, so neither a key nor a partner
 *           account).</li>
 *       <li>With Zendesk Sell in the set, Sell holds the <i>self-serve</i> deals: every deal of the default sales
 *           pipeline whose company is a <i>self-serve account</i> (id hashes to 3 mod 5).</li>
 *       <li>HubSpot holds the rest (the marketing and inbound deals of the default sales pipeline).</li>
 *     </ol>
 *     Without Pipedrive and Zoho the split is exactly the two-CRM split it always was; adding Pipedrive (or Zoho)
 *     moves only the partner (field) deals out of HubSpot and leaves every other CRM's unchanged. Deals added later
 *     follow the same rule.</li>
 *   <li><b>Line items</b> follow their deal; <b>activities</b> (and notes) follow their deal, or without a deal their
 *       contact (HubSpot when the contact is in HubSpot, else Salesforce when there, else Pipedrive, else Zoho);
 *       <b>tickets</b> (Salesforce: Case) follow their contact the same way, except that Pipedrive and Zoho serve no tickets: a
 *       ticket of a Pipedrive-, Zoho- or Sell-only contact stays in HubSpot and brings its contact and company
 *       along. With Zendesk Support in the set, Support (the help desk) holds every ticket instead; the requester
 *       and the ticket's and requester's companies are then in Support too (users and organizations), and still in
 *       the CRM that would have held the ticket, so adding Support moves tickets and nothing else.</li>
 *   <li><b>Contacts</b> are in Salesforce when they work for a key account, or are on a Salesforce deal or
 *       referenced by a Salesforce activity or ticket; in Pipedrive when on a Pipedrive deal or referenced by a
 *       Pipedrive activity; in Zoho likewise for Zoho deals and activities; in HubSpot when on a HubSpot deal,
 *       referenced by a HubSpot activity or ticket, in no other CRM at all, or — the <i>shared</i> share — when their id hashes to 0 mod 2.</li>
 *   <li><b>Companies</b> are in Salesforce when they are key accounts or referenced by a Salesforce deal, contact,
 *       activity or ticket; in Pipedrive when referenced by a Pipedrive deal, contact or activity; in HubSpot when
 *       referenced by a HubSpot deal, contact, activity or ticket, in no other CRM at all, or shared (id hashes to
 *       0 mod 2). A partner account that is also a shared company with enterprise deals is in all three.</li>
 * </ul>
 * A record in several CRMs has the same domain and (case-insensitively) the same e-mail in each, so identity
 * resolution must count it once. Owners, products, pipelines and stages, marketing e-mails and goals are reference
 * data of every CRM (HubSpot serves them as before). Contacts and companies added later are HubSpot-only.
 */
public final class CrmSplit {

  private static final Set<Crm> HUBSPOT_ONLY = Collections.unmodifiableSet(EnumSet.of(Crm.HUBSPOT));

  private final Business business;
  private final Set<Crm> crms;
  private final Map<String, Set<Crm>> companies = new HashMap<>();
  private final Map<String, Set<Crm>> contacts = new HashMap<>();
  private final Map<String, Cached> views = new ConcurrentHashMap<>();

  private record Cached(long version, NavigableMap<Long, Object> view) {
  }

  private CrmSplit(Business business, Set<Crm> crms) {
    this.business = business;
    this.crms = Collections.unmodifiableSet(EnumSet.copyOf(crms));
  }

  /** Computes the HubSpot + Salesforce split of a fully generated business. */
  public static CrmSplit of(Business b) {
    return of(b, EnumSet.of(Crm.HUBSPOT, Crm.SALESFORCE));
  }

  /** Computes the split of a fully generated business between {@code crms}, which must include HubSpot. */
  public static CrmSplit of(Business b, Set<Crm> crms) {
    if (!crms.contains(Crm.HUBSPOT) || crms.size() < 2) {
      throw new IllegalArgumentException("a split needs HubSpot and at least one other CRM, not " + crms);
    }
    CrmSplit s = new CrmSplit(b, crms);
    if (crms.contains(Crm.SALESFORCE)) {
      for (Contact c : b.contacts()) {
        if (keyAccount(c.companyId())) {
          s.add(s.contacts, c.id(), Crm.SALESFORCE);
        }
      }
    }
    for (Deal d : b.deals()) {
      for (String c : d.contactIds()) {
        s.add(s.contacts, c, s.holder(d));
      }
    }
    for (Contact c : b.contacts()) {
      Set<Crm> set = s.contacts.computeIfAbsent(c.id(), k -> EnumSet.noneOf(Crm.class));
      if (onlyHubSpot(set) || shared(c.id())) {
        set.add(Crm.HUBSPOT);
      }
    }
    for (ActivityType t : ActivityType.values()) { // activities of deals pull their contact into the deal's CRM
      for (Activity a : b.activities(t)) {
        if (a.dealId() != null && a.contactId() != null) {
          b.deal(a.dealId()).ifPresent(d -> s.add(s.contacts, a.contactId(), s.holder(d)));
        }
      }
    }
    for (Ticket t : b.tickets()) {
      s.add(s.contacts, t.contactId(), s.deskHolder(t));
      if (crms.contains(Crm.ZENDESK_SUPPORT)) {
        s.add(s.contacts, t.contactId(), Crm.ZENDESK_SUPPORT);
      }
    }
    // companies: key accounts, then everything that references them
    if (crms.contains(Crm.SALESFORCE)) {
      for (Company c : b.companies()) {
        if (keyAccount(c.id())) {
          s.add(s.companies, c.id(), Crm.SALESFORCE);
        }
      }
    }
    for (Deal d : b.deals()) {
      s.add(s.companies, d.companyId(), s.holder(d));
    }
    for (Contact c : b.contacts()) {
      for (Crm crm : s.crms(c)) {
        s.add(s.companies, c.companyId(), crm);
      }
    }
    for (ActivityType t : ActivityType.values()) {
      for (Activity a : b.activities(t)) {
        s.add(s.companies, a.companyId(), s.holder(a));
      }
    }
    for (Ticket t : b.tickets()) {
      s.add(s.companies, t.companyId(), s.deskHolder(t));
      if (crms.contains(Crm.ZENDESK_SUPPORT)) { // the ticket's organization and its requester's
        s.add(s.companies, t.companyId(), Crm.ZENDESK_SUPPORT);
        b.contact(t.contactId()).ifPresent(c -> s.add(s.companies, c.companyId(), Crm.ZENDESK_SUPPORT));
      }
    }
    for (Company c : b.companies()) {
      Set<Crm> set = s.companies.computeIfAbsent(c.id(), k -> EnumSet.noneOf(Crm.class));
      if (onlyHubSpot(set) || shared(c.id())) {
        set.add(Crm.HUBSPOT);
      }
    }
    return s;
  }

  /** The CRMs the business is split between (HubSpot always among them). */
  public Set<Crm> crms() {
    return crms;
  }

  private static boolean onlyHubSpot(Set<Crm> set) {
    return !set.contains(Crm.SALESFORCE) && !set.contains(Crm.PIPEDRIVE) && !set.contains(Crm.ZOHO)
        && !set.contains(Crm.ZENDESK_SELL);
  }

  /** A key account: all of its deals are enterprise deals held by Salesforce. */
  public static boolean keyAccount(String companyId) {
    return companyId != null && Math.floorMod(mix(companyId), 5) == 0;
  }

  /** Whether a Salesforce-side company or contact also exists in HubSpot (deterministic share, ≈ half). */
  public static boolean shared(String id) {
    return Math.floorMod(mix(id) >>> 7, 2) == 0;
  }

  /** A partner account: its deals of the default sales pipeline come through the partner channel (Pipedrive). */
  public static boolean partnerAccount(String companyId) {
    return companyId != null && Math.floorMod(mix(companyId), 5) == 1;
  }

  /** A field account: its deals of the default sales pipeline are worked by the direct field sales team (Zoho). */
  public static boolean fieldAccount(String companyId) {
    return companyId != null && Math.floorMod(mix(companyId), 5) == 2;
  }

  /** A self-serve account: its deals of the default sales pipeline are worked in Zendesk Sell. */
  public static boolean sellAccount(String companyId) {
    return companyId != null && Math.floorMod(mix(companyId), 5) == 3;
  }

  public Crm holder(Deal d) {
    if (crms.contains(Crm.SALESFORCE)
        && (BusinessGenerator.ENTERPRISE_PIPELINE.equals(d.pipelineId()) || keyAccount(d.companyId()))) {
      return Crm.SALESFORCE;
    }
    if (crms.contains(Crm.PIPEDRIVE) && BusinessGenerator.DEFAULT_PIPELINE.equals(d.pipelineId())
        && partnerAccount(d.companyId())) {
      return Crm.PIPEDRIVE;
    }
    if (crms.contains(Crm.ZOHO) && BusinessGenerator.DEFAULT_PIPELINE.equals(d.pipelineId())
        && fieldAccount(d.companyId())) {
      return Crm.ZOHO;
    }
    if (crms.contains(Crm.ZENDESK_SELL) && BusinessGenerator.DEFAULT_PIPELINE.equals(d.pipelineId())
        && sellAccount(d.companyId())) {
      return Crm.ZENDESK_SELL;
    }
    return Crm.HUBSPOT;
  }

  public Crm holder(LineItem l) {
    return business.deal(l.dealId()).map(this::holder).orElse(Crm.HUBSPOT);
  }

  public Crm holder(Activity a) {
    if (a.dealId() != null) {
      var d = business.deal(a.dealId());
      if (d.isPresent()) {
        return holder(d.get());
      }
    }
    return contactHolder(a.contactId(), true);
  }

  /** Zendesk Support when it is in the set (it is the help desk), else {@link #deskHolder}. */
  public Crm holder(Ticket t) {
    return crms.contains(Crm.ZENDESK_SUPPORT) ? Crm.ZENDESK_SUPPORT : deskHolder(t);
  }

  /** The sales CRM that would hold a ticket as a case: its requester's (HubSpot or Salesforce). */
  private Crm deskHolder(Ticket t) {
    return contactHolder(t.contactId(), false);
  }

  /**
   * HubSpot when the contact is there (or unknown), else Salesforce when there, else Pipedrive or Zoho if they may
   * hold it (they hold activities, not tickets).
   */
  private Crm contactHolder(String contactId, boolean pipedriveMayHold) {
    Set<Crm> set = contactId == null ? null : contacts.get(contactId);
    if (set == null || set.isEmpty() || set.contains(Crm.HUBSPOT)) {
      return Crm.HUBSPOT;
    }
    if (set.contains(Crm.SALESFORCE)) {
      return Crm.SALESFORCE;
    }
    if (pipedriveMayHold && set.contains(Crm.PIPEDRIVE)) {
      return Crm.PIPEDRIVE;
    }
    if (pipedriveMayHold && set.contains(Crm.ZOHO)) {
      return Crm.ZOHO;
    }
    return pipedriveMayHold && set.contains(Crm.ZENDESK_SELL) ? Crm.ZENDESK_SELL : Crm.HUBSPOT;
  }

  public Set<Crm> crms(Company c) {
    return companyCrms(c.id());
  }

  public Set<Crm> crms(Contact c) {
    return contactCrms(c.id());
  }

  public Set<Crm> companyCrms(String id) {
    Set<Crm> s = id == null ? null : companies.get(id);
    return s == null || s.isEmpty() ? HUBSPOT_ONLY : Collections.unmodifiableSet(s);
  }

  public Set<Crm> contactCrms(String id) {
    Set<Crm> s = id == null ? null : contacts.get(id);
    return s == null || s.isEmpty() ? HUBSPOT_ONLY : Collections.unmodifiableSet(s);
  }

  /** Whether {@code crm} holds the record; reference data (owners, products, goals, e-mails…) is in every CRM. */
  public boolean holds(Crm crm, Object record) {
    if (record instanceof Deal d) {
      return holder(d) == crm;
    } else if (record instanceof Company c) {
      return crms(c).contains(crm);
    } else if (record instanceof Contact c) {
      return crms(c).contains(crm);
    } else if (record instanceof LineItem l) {
      return holder(l) == crm;
    } else if (record instanceof Activity a) {
      return holder(a) == crm;
    } else if (record instanceof Ticket t) {
      return holder(t) == crm;
    }
    return true;
  }

  /** The id-ordered records of one HubSpot object type that {@code crm} holds; rebuilt when the business changes. */
  @SuppressWarnings("unchecked")
  NavigableMap<Long, ?> view(String objectType, Crm crm, NavigableMap<Long, ?> all) {
    String key = objectType + "@" + crm;
    long v = business.version();
    Cached c = views.get(key);
    if (c == null || c.version() != v) {
      ConcurrentSkipListMap<Long, Object> m = new ConcurrentSkipListMap<>();
      for (Map.Entry<Long, ?> e : all.entrySet()) {
        if (holds(crm, e.getValue())) {
          m.put(e.getKey(), e.getValue());
        }
      }
      c = new Cached(v, Collections.unmodifiableNavigableMap(m));
      views.put(key, c);
    }
    return c.view();
  }

  private void add(Map<String, Set<Crm>> m, String id, Crm crm) {
    if (id != null) {
      m.computeIfAbsent(id, k -> EnumSet.noneOf(Crm.class)).add(crm);
    }
  }

  private static int mix(String id) {
    int h = id.hashCode() * 0x9E3779B1;
    return h ^ (h >>> 16);
  }
}
