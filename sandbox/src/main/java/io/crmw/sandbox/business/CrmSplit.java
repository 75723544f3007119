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
 * Which CRM holds each record when the generated business is split between HubSpot and Salesforce
 * ({@code SandboxOptions.withSalesforce(true)}). The rule, deterministic and independent of the generator's random
 * stream (so a split business has exactly the records of an unsplit one with the same seed):
 * <ul>
 *   <li><b>Deals</b>: held by exactly one CRM. Salesforce holds the enterprise deals: every deal of the
 *       {@link BusinessGenerator#ENTERPRISE_PIPELINE Enterprise} pipeline, and every deal of a <i>key account</i>
 *       (a company whose id hashes to 0 mod 5, ≈ 20 % of companies). HubSpot holds the rest (the marketing and
 *       inbound deals of the default sales pipeline). Deals added later follow the same rule.</li>
 *   <li><b>Line items</b> follow their deal; <b>activities</b> follow their deal, or without a deal their contact
 *       (HubSpot when the contact is in HubSpot); <b>tickets</b> (Salesforce: Case) follow their contact the same way.</li>
 *   <li><b>Contacts</b> are in Salesforce when they are on a Salesforce deal, work for a key account, or are referenced
 *       by a Salesforce activity or ticket; in HubSpot when on a HubSpot deal, referenced by a HubSpot activity, not
 *       in Salesforce at all, or — the <i>shared</i> share — when their id hashes to 0 mod 2.</li>
 *   <li><b>Companies</b> are in Salesforce when they are key accounts or referenced by a Salesforce deal, contact,
 *       activity or ticket; in HubSpot when referenced by a HubSpot deal, contact, activity or ticket, not in
 *       Salesforce at all, or shared (id hashes to 0 mod 2).</li>
 * </ul>
 * A record in both CRMs has the same domain and (case-insensitively) the same e-mail in both, so identity resolution
 * must count it once. Owners, products, pipelines, marketing e-mails and goals are reference data of both CRMs
 * (HubSpot serves them as before). Contacts and companies added later are HubSpot-only.
 */
public final class CrmSplit {

  private static final Set<Crm> HUBSPOT_ONLY = Collections.unmodifiableSet(EnumSet.of(Crm.HUBSPOT));

  private final Business business;
  private final Map<String, Set<Crm>> companies = new HashMap<>();
  private final Map<String, Set<Crm>> contacts = new HashMap<>();
  private final Map<String, Cached> views = new ConcurrentHashMap<>();

  private record Cached(long version, NavigableMap<Long, Object> view) {
  }

  private CrmSplit(Business business) {
    this.business = business;
  }

  /** Computes the split of a fully generated business. */
  public static CrmSplit of(Business b) {
    CrmSplit s = new CrmSplit(b);
    for (Contact c : b.contacts()) {
      if (keyAccount(c.companyId())) {
        s.add(s.contacts, c.id(), Crm.SALESFORCE);
      }
    }
    for (Deal d : b.deals()) {
      for (String c : d.contactIds()) {
        s.add(s.contacts, c, s.holder(d));
      }
    }
    for (Contact c : b.contacts()) {
      Set<Crm> set = s.contacts.computeIfAbsent(c.id(), k -> EnumSet.noneOf(Crm.class));
      if (!set.contains(Crm.SALESFORCE) || shared(c.id())) {
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
      s.add(s.contacts, t.contactId(), s.holder(t));
    }
    // companies: key accounts, then everything that references them
    for (Company c : b.companies()) {
      if (keyAccount(c.id())) {
        s.add(s.companies, c.id(), Crm.SALESFORCE);
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
      s.add(s.companies, t.companyId(), s.holder(t));
    }
    for (Company c : b.companies()) {
      Set<Crm> set = s.companies.computeIfAbsent(c.id(), k -> EnumSet.noneOf(Crm.class));
      if (!set.contains(Crm.SALESFORCE) || shared(c.id())) {
        set.add(Crm.HUBSPOT);
      }
    }
    return s;
  }

  /** A key account: all of its deals are enterprise deals held by Salesforce. */
  public static boolean keyAccount(String companyId) {
    return companyId != null && Math.floorMod(mix(companyId), 5) == 0;
  }

  /** Whether a Salesforce-side company or contact also exists in HubSpot (deterministic share, ≈ half). */
  public static boolean shared(String id) {
    return Math.floorMod(mix(id) >>> 7, 2) == 0;
  }

  public Crm holder(Deal d) {
    return BusinessGenerator.ENTERPRISE_PIPELINE.equals(d.pipelineId()) || keyAccount(d.companyId())
        ? Crm.SALESFORCE : Crm.HUBSPOT;
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
    return contactHolder(a.contactId());
  }

  public Crm holder(Ticket t) {
    return contactHolder(t.contactId());
  }

  private Crm contactHolder(String contactId) {
    if (contactId == null) {
      return Crm.HUBSPOT;
    }
    Set<Crm> set = contacts.get(contactId);
    return set == null || set.isEmpty() || set.contains(Crm.HUBSPOT) ? Crm.HUBSPOT : Crm.SALESFORCE;
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

  /** Whether {@code crm} holds the record; reference data (owners, products, goals, e-mails…) is in both. */
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
