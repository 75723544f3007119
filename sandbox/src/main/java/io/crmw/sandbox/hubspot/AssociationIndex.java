package io.crmw.sandbox.hubspot;

import io.crmw.sandbox.business.Activity;
import io.crmw.sandbox.business.ActivityType;
import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.Contact;
import io.crmw.sandbox.business.Deal;
import io.crmw.sandbox.business.LineItem;
import io.crmw.sandbox.business.Ticket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * Both directions of every association, rebuilt when the business changes. Type ids are HubSpot's
 * HUBSPOT_DEFINED association type ids.
 */
final class AssociationIndex {

  record Link(long toId, int typeId, String typeName) {
  }

  private static final Map<String, Integer> TYPE_IDS = new HashMap<>();

  static {
    Object[][] ids = {{"contacts", "companies", 1}, {"companies", "contacts", 2}, {"deals", "contacts", 3},
        {"contacts", "deals", 4}, {"deals", "companies", 5}, {"companies", "deals", 6},
        {"tickets", "contacts", 16}, {"contacts", "tickets", 15}, {"tickets", "companies", 339},
        {"companies", "tickets", 340}, {"line_items", "deals", 20}, {"deals", "line_items", 19},
        {"calls", "contacts", 194}, {"contacts", "calls", 193}, {"calls", "companies", 182},
        {"companies", "calls", 181}, {"calls", "deals", 206}, {"deals", "calls", 205},
        {"emails", "contacts", 198}, {"contacts", "emails", 197}, {"emails", "companies", 186},
        {"companies", "emails", 185}, {"emails", "deals", 210}, {"deals", "emails", 209},
        {"meetings", "contacts", 200}, {"contacts", "meetings", 199}, {"meetings", "companies", 188},
        {"companies", "meetings", 187}, {"meetings", "deals", 212}, {"deals", "meetings", 211},
        {"tasks", "contacts", 204}, {"contacts", "tasks", 203}, {"tasks", "companies", 192},
        {"companies", "tasks", 191}, {"tasks", "deals", 216}, {"deals", "tasks", 215},
        {"notes", "contacts", 202}, {"contacts", "notes", 201}, {"notes", "companies", 190},
        {"companies", "notes", 189}, {"notes", "deals", 214}, {"deals", "notes", 213}};
    for (Object[] row : ids) {
      TYPE_IDS.put(row[0] + "->" + row[1], (Integer) row[2]);
    }
  }

  private final Business business;
  private final HubSpotObjects objects;
  private volatile long builtAt = -1;
  private volatile Map<String, NavigableSet<Long>> links = Map.of();

  AssociationIndex(Business business, HubSpotObjects objects) {
    this.business = business;
    this.objects = objects;
  }

  /** Associated ids of {@code toType} for one record, in id order. */
  List<Link> links(String fromType, long fromId, String toType) {
    Map<String, NavigableSet<Long>> current = current();
    NavigableSet<Long> ids = current.get(fromType + ":" + fromId + "->" + toType);
    if (ids == null || objects.purged(fromType, fromId)) {
      return List.of();
    }
    int typeId = TYPE_IDS.getOrDefault(fromType + "->" + toType, 0);
    String name = singular(fromType) + "_to_" + singular(toType);
    return ids.stream().filter(id -> !objects.purged(toType, id)).map(id -> new Link(id, typeId, name)).toList();
  }

  static String singular(String type) {
    return type.equals("companies") ? "company" : type.substring(0, type.length() - 1);
  }

  private Map<String, NavigableSet<Long>> current() {
    long v = business.version();
    if (v != builtAt) {
      synchronized (this) {
        if (v != builtAt) {
          links = build();
          builtAt = v;
        }
      }
    }
    return links;
  }

  private Map<String, NavigableSet<Long>> build() {
    Map<String, NavigableSet<Long>> m = new HashMap<>();
    for (Deal d : business.deals()) {
      if (!business.holds(io.crmw.sandbox.business.Crm.HUBSPOT, d)) {
        continue; // the other CRM's record (two-CRM split)
      }
      link(m, "deals", d.id(), "companies", d.companyId());
      for (String c : d.contactIds()) {
        link(m, "deals", d.id(), "contacts", c);
      }
    }
    for (Contact c : business.contacts()) {
      if (!business.holds(io.crmw.sandbox.business.Crm.HUBSPOT, c)) {
        continue; // the other CRM's record (two-CRM split)
      }
      link(m, "contacts", c.id(), "companies", c.companyId());
    }
    for (LineItem l : business.lineItems()) {
      if (!business.holds(io.crmw.sandbox.business.Crm.HUBSPOT, l)) {
        continue; // the other CRM's record (two-CRM split)
      }
      link(m, "line_items", l.id(), "deals", l.dealId());
    }
    for (ActivityType t : ActivityType.values()) {
      for (Activity a : business.activities(t)) {
        if (!business.holds(io.crmw.sandbox.business.Crm.HUBSPOT, a)) {
          continue; // the other CRM's record (two-CRM split)
        }
        link(m, t.objectType(), a.id(), "deals", a.dealId());
        link(m, t.objectType(), a.id(), "contacts", a.contactId());
        link(m, t.objectType(), a.id(), "companies", a.companyId());
      }
    }
    for (Ticket t : business.tickets()) {
      if (!business.holds(io.crmw.sandbox.business.Crm.HUBSPOT, t)) {
        continue; // the other CRM's record (two-CRM split)
      }
      link(m, "tickets", t.id(), "companies", t.companyId());
      link(m, "tickets", t.id(), "contacts", t.contactId());
    }
    return m;
  }

  private static void link(Map<String, NavigableSet<Long>> m, String fromType, String fromId, String toType,
                           String toId) {
    if (fromId == null || toId == null) {
      return;
    }
    m.computeIfAbsent(fromType + ":" + fromId + "->" + toType, k -> new TreeSet<>()).add(Long.parseLong(toId));
    m.computeIfAbsent(toType + ":" + toId + "->" + fromType, k -> new TreeSet<>()).add(Long.parseLong(fromId));
  }
}
