package io.crmw.sandbox.hubspot;

import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.Pipeline;
import io.crmw.sandbox.business.Stage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Property definitions (the schema endpoint) and the default property sets of list/search responses. */
final class PropertyCatalog {

  private final Map<String, Map<String, PropertyDefinition>> byType = new LinkedHashMap<>();

  PropertyCatalog(Business business) {
    define("companies", "companyinformation",
        "name|Name|string|text", "domain|Company domain name|string|text", "industry|Industry|enumeration|select",
        "numberofemployees|Number of employees|number|number", "country|Country/Region|string|text",
        "hubspot_owner_id|Company owner|enumeration|select");
    define("contacts", "contactinformation",
        "email|Email|string|text", "firstname|First name|string|text", "lastname|Last name|string|text",
        "lifecyclestage|Lifecycle stage|enumeration|radio", "hs_lead_status|Lead status|enumeration|radio",
        "hubspot_owner_id|Contact owner|enumeration|select", "lastmodifieddate|Last modified date|datetime|date",
        "associatedcompanyid|Primary associated company ID|number|number",
        "hs_analytics_source|Original source|enumeration|select",
        "hs_lifecyclestage_customer_date|Date entered 'Customer (Lifecycle stage)'|datetime|date",
        // HubSpot's "First touch converting campaign": the guid of the campaign of the contact's first conversion
        "hs_analytics_first_touch_converting_campaign|First touch converting campaign|enumeration|select");
    List<String> deal = new ArrayList<>(List.of(
        "dealname|Deal name|string|text", "amount|Amount|number|number",
        "deal_currency_code|Currency|enumeration|select", "dealstage|Deal stage|enumeration|radio",
        "amount_in_home_currency|Amount in company currency|number|number",
        "hs_closed_amount_in_home_currency|Closed won amount in company currency|number|number",
        "pipeline|Pipeline|enumeration|select", "closedate|Close date|datetime|date",
        "hubspot_owner_id|Deal owner|enumeration|select", "hs_analytics_source|Original source type|enumeration|select",
        "closed_lost_reason|Closed lost reason|string|textarea", "hs_is_closed|Is deal closed?|bool|booleancheckbox",
        "hs_is_closed_won|Is closed won|bool|booleancheckbox",
        "hs_deal_stage_probability|Deal probability|number|number"));
    for (Pipeline p : business.dealPipelines()) {
      for (Stage s : p.stages()) {
        deal.add("hs_date_entered_" + s.id() + "|Date entered \"" + s.label() + " (" + p.label() + ")\"|datetime|date");
        deal.add("hs_date_exited_" + s.id() + "|Date exited \"" + s.label() + " (" + p.label() + ")\"|datetime|date");
      }
    }
    define("deals", "dealinformation", deal.toArray(String[]::new));
    custom("deals", "deal_region|Deal region|enumeration|select");
    define("products", "productinformation", "name|Name|string|text", "hs_sku|SKU|string|text",
        "price|Unit price|number|number", "hs_cost_of_goods_sold|Unit cost|number|number",
        "recurringbillingfrequency|Billing frequency|enumeration|select");
    define("line_items", "lineiteminformation", "name|Name|string|text", "hs_product_id|Product ID|number|number",
        "quantity|Quantity|number|number", "price|Unit price|number|number", "amount|Net price|number|number",
        "discount|Unit discount|number|number", "hs_sku|SKU|string|text",
        "hs_line_item_currency_code|Currency|enumeration|select",
        "recurringbillingfrequency|Billing frequency|enumeration|select",
        "hs_recurring_billing_period|Term|string|text");
    define("calls", "call", "hs_call_title|Call title|string|text", "hs_call_body|Call notes|string|html",
        "hs_call_direction|Call direction|enumeration|select", "hs_call_disposition|Call outcome|string|text",
        "hs_call_duration|Call duration|number|number", "hs_call_recording_url|Recording URL|string|text",
        "hs_call_status|Call status|enumeration|select", "hs_timestamp|Activity date|datetime|date",
        "hubspot_owner_id|Activity assigned to|enumeration|select");
    define("emails", "email", "hs_email_subject|Email subject|string|text", "hs_email_text|Email body|string|text",
        "hs_email_direction|Email direction|enumeration|select", "hs_timestamp|Activity date|datetime|date",
        "hubspot_owner_id|Activity assigned to|enumeration|select");
    define("meetings", "meeting", "hs_meeting_title|Meeting name|string|text",
        "hs_meeting_body|Meeting description|string|html", "hs_meeting_outcome|Meeting outcome|enumeration|select",
        "hs_meeting_start_time|Start time|datetime|date", "hs_meeting_end_time|End time|datetime|date",
        "hs_timestamp|Activity date|datetime|date", "hubspot_owner_id|Activity assigned to|enumeration|select");
    define("tasks", "task", "hs_task_subject|Task title|string|text", "hs_task_body|Notes|string|html",
        "hs_task_status|Task status|enumeration|select", "hs_task_type|Task type|enumeration|select",
        "hs_timestamp|Due date|datetime|date", "hubspot_owner_id|Assigned to|enumeration|select");
    define("notes", "note", "hs_note_body|Note body|string|html", "hs_timestamp|Activity date|datetime|date",
        "hubspot_owner_id|Activity assigned to|enumeration|select");
    define("tickets", "ticketinformation", "subject|Ticket name|string|text",
        "hs_pipeline|Pipeline|enumeration|select", "hs_pipeline_stage|Ticket status|enumeration|select",
        "hs_ticket_priority|Priority|enumeration|select", "hs_ticket_category|Category|enumeration|checkbox",
        "closed_date|Close date|datetime|date", "source_type|Source|enumeration|select",
        "hubspot_owner_id|Ticket owner|enumeration|select");
    custom("tickets", "product_sku|Product SKU|string|text");
    custom("tickets", "return_requested|Return requested|bool|booleancheckbox");
    define("goal_targets", "goal_target_information", "hs_goal_name|Goal name|string|text",
        "hs_target_amount|Target amount|number|number",
        "hs_target_amount_in_home_currency|Target amount in home currency|number|number",
        "hs_kpi_unit_type|Unit type|enumeration|select",
        "hs_start_datetime|Start date|datetime|date", "hs_end_datetime|End date|datetime|date",
        "hs_assignee_user_id|Assignee user ID|number|number", "hubspot_owner_id|Owner|enumeration|select",
        "hs_group_correlation_uuid|Goal family|string|text", "hs_goal_target_group_id|Target group|number|number");
    for (String type : byType.keySet()) {
      boolean engagement = List.of("calls", "emails", "meetings", "tasks", "notes", "goal_targets").contains(type);
      common(type, engagement ? "hs_createdate" : "createdate");
    }
  }

  private void define(String type, String group, String... specs) {
    Map<String, PropertyDefinition> m = byType.computeIfAbsent(type, k -> new LinkedHashMap<>());
    for (String spec : specs) {
      PropertyDefinition d = parse(spec, group, false);
      m.put(d.name(), d);
    }
  }

  private void custom(String type, String spec) {
    PropertyDefinition d = parse(spec, type.substring(0, type.length() - 1) + "_custom", true);
    byType.get(type).put(d.name(), d);
  }

  private void common(String type, String createdName) {
    Map<String, PropertyDefinition> m = byType.get(type);
    m.put(createdName, new PropertyDefinition(createdName, "Create date", "datetime", "date", "system", false, false, false, false));
    m.put("hs_lastmodifieddate", new PropertyDefinition("hs_lastmodifieddate", "Last modified date", "datetime", "date",
        "system", true, false, false, false));
    m.put("hs_object_id", new PropertyDefinition("hs_object_id", "Record ID", "number", "number", "system", true,
        true, false, false));
  }

  private static PropertyDefinition parse(String spec, String group, boolean custom) {
    String[] p = spec.split("\\|");
    boolean calculated = p[0].startsWith("hs_date_") || p[0].startsWith("hs_is_closed")
        || p[0].equals("hs_deal_stage_probability");
    return new PropertyDefinition(p[0], p[1], p[2], p[3], group, calculated, false, false, custom);
  }

  Map<String, PropertyDefinition> definitions(String objectType) {
    return Collections.unmodifiableMap(byType.getOrDefault(objectType, Map.of()));
  }

  boolean knows(String objectType) {
    return byType.containsKey(objectType);
  }

  /** What list and search return when no {@code properties} are asked for. */
  static List<String> defaults(String objectType) {
    return switch (objectType) {
      case "deals" -> List.of("amount", "closedate", "createdate", "dealname", "dealstage", "hs_lastmodifieddate",
          "hs_object_id", "pipeline");
      case "contacts" -> List.of("createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname");
      case "companies" -> List.of("createdate", "domain", "hs_lastmodifieddate", "hs_object_id", "name");
      case "calls", "emails", "meetings", "tasks", "notes", "goal_targets" ->
          List.of("hs_createdate", "hs_lastmodifieddate", "hs_object_id");
      default -> List.of("createdate", "hs_lastmodifieddate", "hs_object_id");
    };
  }
}
