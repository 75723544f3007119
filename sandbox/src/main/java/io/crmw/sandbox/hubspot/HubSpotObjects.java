package io.crmw.sandbox.hubspot;

import io.crmw.sandbox.business.Activity;
import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.Campaigns;
import io.crmw.sandbox.business.Company;
import io.crmw.sandbox.business.Contact;
import io.crmw.sandbox.business.Deal;
import io.crmw.sandbox.business.LineItem;
import io.crmw.sandbox.business.OrgRates;
import io.crmw.sandbox.business.Owner;
import io.crmw.sandbox.business.Pipeline;
import io.crmw.sandbox.business.Product;
import io.crmw.sandbox.business.RevenueGoal;
import io.crmw.sandbox.business.Stage;
import io.crmw.sandbox.business.StageVisit;
import io.crmw.sandbox.business.Ticket;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps business records to HubSpot's property model. Results are cached per record instance: a mutation replaces
 * the record, which invalidates its entry, so a page never rebuilds the whole dataset. Also holds the purged ids
 * (GDPR deletes), HubSpot's one state beyond the business: a purged record is in no listing, search or association.
 */
final class HubSpotObjects {

  static final List<String> CRM_TYPES = List.of("companies", "contacts", "deals", "line_items", "products", "calls",
      "emails", "meetings", "tasks", "notes", "tickets", "goal_targets");
  private static final Map<String, String> ALIASES = new HashMap<>();

  static {
    String[][] aliases = {{"company", "companies"}, {"contact", "contacts"}, {"deal", "deals"},
        {"line_item", "line_items"}, {"product", "products"}, {"call", "calls"}, {"email", "emails"},
        {"meeting", "meetings"}, {"task", "tasks"}, {"note", "notes"}, {"ticket", "tickets"},
        {"goal_target", "goal_targets"}, {"0-1", "contacts"}, {"0-2", "companies"}, {"0-3", "deals"},
        {"0-5", "tickets"}, {"0-7", "products"}, {"0-8", "line_items"}, {"0-48", "calls"}, {"0-49", "emails"},
        {"0-47", "meetings"}, {"0-27", "tasks"}, {"0-46", "notes"}, {"0-74", "goal_targets"}};
    for (String[] a : aliases) {
      ALIASES.put(a[0], a[1]);
    }
    for (String t : CRM_TYPES) {
      ALIASES.put(t, t);
    }
  }

  private record Cached(Object source, HubSpotRecord view) {
  }

  private final Business business;
  private final Map<String, Map<Long, Cached>> cache = new ConcurrentHashMap<>();
  private final Set<String> purged = ConcurrentHashMap.newKeySet();

  HubSpotObjects(Business business) {
    this.business = business;
  }

  /** The canonical plural type for a path segment (singulars and object type ids accepted), or null. */
  static String canonical(String pathType) {
    return pathType == null ? null : ALIASES.get(pathType.toLowerCase());
  }

  /** Removes the record from every listing, search and association for good (HubSpot's GDPR delete). */
  void purge(String type, long id) {
    purged.add(type + ":" + id);
  }

  boolean purged(String type, long id) {
    return purged.contains(type + ":" + id);
  }

  /** The record as served by a live ({@code archived} false) or archived read, or null when that read lacks it. */
  HubSpotRecord visible(String type, long id, Object source, boolean archived) {
    if (source == null || purged(type, id)) {
      return null;
    }
    HubSpotRecord r = view(type, id, source);
    return r.archived() == archived ? r : null;
  }

  HubSpotRecord view(String type, long id, Object source) {
    Map<Long, Cached> perType = cache.computeIfAbsent(type, k -> new ConcurrentHashMap<>());
    Cached c = perType.get(id);
    if (c == null || c.source() != source) {
      c = new Cached(source, build(type, source));
      perType.put(id, c);
    }
    return c.view();
  }

  private HubSpotRecord build(String type, Object source) {
    Map<String, String> p = new HashMap<>();
    HubSpotRecord r;
    if (source instanceof Company c) {
        p.put("name", c.name());
        p.put("domain", c.domain());
        p.put("industry", c.industry());
        p.put("numberofemployees", Integer.toString(c.employees()));
        p.put("country", c.country());
        p.put("hubspot_owner_id", c.ownerId());
        p.put("createdate", Timestamps.format(c.createdAt()));
        r = new HubSpotRecord(Long.parseLong(c.id()), p, c.createdAt(), c.updatedAt(), c.archivedAt());
    } else if (source instanceof Contact c) {
        p.put("email", c.email());
        p.put("firstname", c.firstName());
        p.put("lastname", c.lastName());
        p.put("lifecyclestage", c.lifecycleStage());
        p.put("hs_lead_status", c.leadStatus());
        p.put("hubspot_owner_id", c.ownerId());
        p.put("createdate", Timestamps.format(c.createdAt()));
        p.put("lastmodifieddate", Timestamps.format(c.updatedAt()));
        p.put("associatedcompanyid", c.companyId());
        p.put("hs_analytics_source", c.leadSource());
        p.put("hs_lifecyclestage_customer_date", Timestamps.format(c.customerSince()));
        p.put("hs_analytics_first_touch_converting_campaign", Campaigns.firstTouchIdOf(c));
        r = new HubSpotRecord(Long.parseLong(c.id()), p, c.createdAt(), c.updatedAt(), c.archivedAt());
    } else if (source instanceof Deal d) {
        r = deal(d, p);
    } else if (source instanceof Product x) {
        p.put("name", x.name());
        p.put("hs_sku", x.sku());
        p.put("price", plain(x.unitPrice()));
        p.put("hs_cost_of_goods_sold", plain(x.unitCost()));
        p.put("recurringbillingfrequency", x.recurringFrequency());
        p.put("createdate", Timestamps.format(x.createdAt()));
        r = new HubSpotRecord(Long.parseLong(x.id()), p, x.createdAt(), x.updatedAt(), null);
    } else if (source instanceof LineItem l) {
        p.put("name", l.name());
        p.put("hs_product_id", l.productId());
        p.put("quantity", Integer.toString(l.quantity()));
        p.put("price", plain(l.unitPrice()));
        p.put("amount", plain(l.amount()));
        p.put("discount", plain(l.discount()));
        p.put("hs_sku", l.sku());
        p.put("hs_line_item_currency_code", l.currency());
        p.put("recurringbillingfrequency", l.recurringFrequency());
        p.put("hs_recurring_billing_period", l.termMonths() == null ? null : "P" + l.termMonths() + "M");
        p.put("createdate", Timestamps.format(l.createdAt()));
        r = new HubSpotRecord(Long.parseLong(l.id()), p, l.createdAt(), l.updatedAt(), null);
    } else if (source instanceof Activity a) {
        r = activity(a, p);
    } else if (source instanceof Ticket t) {
        p.put("subject", t.subject());
        p.put("hs_pipeline", t.pipelineId());
        p.put("hs_pipeline_stage", t.stageId());
        p.put("hs_ticket_priority", t.priority());
        p.put("hs_ticket_category", t.category());
        p.put("createdate", Timestamps.format(t.createdAt()));
        p.put("closed_date", Timestamps.format(t.closedAt()));
        p.put("source_type", t.sourceType());
        p.put("product_sku", t.productSku());
        p.put("return_requested", Boolean.toString(t.returnRequested()));
        p.put("hubspot_owner_id", t.ownerId());
        r = new HubSpotRecord(Long.parseLong(t.id()), p, t.createdAt(), t.updatedAt(), null);
    } else if (source instanceof RevenueGoal g) {
        Owner o = business.owner(g.ownerId()).orElseThrow();
        p.put("hs_goal_name", "Revenue goal");
        p.put("hs_target_amount", plain(g.target()));
        p.put("hs_target_amount_in_home_currency", plain(g.target()));
        p.put("hs_kpi_unit_type", "currency");
        p.put("hs_start_datetime", Timestamps.format(g.month().atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
        p.put("hs_end_datetime", Timestamps.format(g.month().plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC)
            .toInstant().minusMillis(1)));
        p.put("hs_assignee_user_id", Long.toString(o.userId()));
        p.put("hubspot_owner_id", o.id());
        p.put("hs_group_correlation_uuid", "7b3e2c1a-0000-4000-8000-000000000001");
        p.put("hs_goal_target_group_id", g.groupId());
        p.put("hs_createdate", Timestamps.format(g.createdAt()));
        r = new HubSpotRecord(Long.parseLong(g.id()), p, g.createdAt(), g.updatedAt(), null);
          } else {
      throw new IllegalArgumentException("not a CRM record: " + source.getClass());
    }
    p.put("hs_object_id", Long.toString(r.id()));
    p.put("hs_lastmodifieddate", Timestamps.format(r.updatedAt()));
    return r;
  }

  private HubSpotRecord deal(Deal d, Map<String, String> p) {
    Stage stage = business.stageOf(d);
    p.put("dealname", d.name());
    p.put("amount", plain(d.amount()));
    p.put("deal_currency_code", d.currency());
    // the portal's own conversion to the company currency: a closed deal keeps the rate in effect when it closed, an
    // open one follows the latest rate
    java.time.LocalDate rateDay = stage.closed() && d.closeDate() != null ? d.closeDate()
        : java.time.LocalDate.ofInstant(Business.AS_OF, java.time.ZoneOffset.UTC);
    BigDecimal home = d.amount() == null ? null : d.amount().multiply(OrgRates.hubspotPortal(d.currency(), rateDay));
    p.put("amount_in_home_currency", home == null ? null : plain(home));
    p.put("hs_closed_amount_in_home_currency", home == null || !stage.won() ? null : plain(home));
    p.put("dealstage", d.stageId());
    p.put("pipeline", d.pipelineId());
    p.put("closedate", Timestamps.format(d.closeDate()));
    p.put("createdate", Timestamps.format(d.createdAt()));
    p.put("hubspot_owner_id", d.ownerId());
    p.put("hs_analytics_source", d.leadSource());
    p.put("closed_lost_reason", d.lostReason());
    p.put("hs_is_closed", Boolean.toString(stage.closed()));
    p.put("hs_is_closed_won", Boolean.toString(stage.won()));
    p.put("hs_deal_stage_probability", stage.probability().toPlainString());
    p.put("deal_region", d.region());
    for (Pipeline pl : business.dealPipelines()) {
      for (Stage s : pl.stages()) {
        p.put("hs_date_entered_" + s.id(), null);
        p.put("hs_date_exited_" + s.id(), null);
      }
    }
    for (StageVisit v : d.journey()) { // a later re-entry overwrites, as HubSpot's "date entered" does
      p.put("hs_date_entered_" + v.stageId(), Timestamps.format(v.enteredAt()));
      p.put("hs_date_exited_" + v.stageId(), Timestamps.format(v.exitedAt()));
    }
    return new HubSpotRecord(Long.parseLong(d.id()), p, d.createdAt(), d.updatedAt(), d.archivedAt());
  }

  private HubSpotRecord activity(Activity a, Map<String, String> p) {
    String ts = Timestamps.format(a.timestamp());
    switch (a.type()) {
      case CALL -> {
        p.put("hs_call_title", a.title());
        p.put("hs_call_body", a.body());
        p.put("hs_call_direction", a.direction());
        p.put("hs_call_disposition", a.outcome());
        p.put("hs_call_duration", a.durationMillis() == null ? null : Long.toString(a.durationMillis()));
        p.put("hs_call_recording_url", a.recordingUrl());
        p.put("hs_call_status", a.status());
      }
      case EMAIL -> {
        p.put("hs_email_subject", a.title());
        p.put("hs_email_text", a.body());
        p.put("hs_email_direction", a.direction());
      }
      case MEETING -> {
        p.put("hs_meeting_title", a.title());
        p.put("hs_meeting_body", a.body());
        p.put("hs_meeting_outcome", a.outcome());
        p.put("hs_meeting_start_time", ts);
        p.put("hs_meeting_end_time", Timestamps.format(a.endsAt()));
      }
      case TASK -> {
        p.put("hs_task_subject", a.title());
        p.put("hs_task_body", a.body());
        p.put("hs_task_status", a.status());
        p.put("hs_task_type", a.taskType());
      }
      case NOTE -> p.put("hs_note_body", a.body());
    }
    p.put("hs_timestamp", ts);
    p.put("hubspot_owner_id", a.ownerId());
    p.put("hs_createdate", Timestamps.format(a.createdAt()));
    return new HubSpotRecord(Long.parseLong(a.id()), p, a.createdAt(), a.updatedAt(), null);
  }

  private static String plain(BigDecimal v) {
    if (v == null) {
      return null;
    }
    BigDecimal s = v.stripTrailingZeros();
    return (s.scale() < 0 ? s.setScale(0) : s).toPlainString();
  }
}
