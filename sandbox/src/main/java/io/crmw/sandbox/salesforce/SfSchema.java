package io.crmw.sandbox.salesforce;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The simulated org's sObjects and their fields, as describe reports them. */
final class SfSchema {

  /** One field: {@code type} is a Salesforce describe type (id, string, datetime, date, currency, percent, …). */
  record SfField(String name, String type, boolean custom, String referenceTo) {
    String label() {
      String base = custom ? name.substring(0, name.length() - 3).replace('_', ' ') : name;
      return base.endsWith("Id") && !base.equals("Id") ? base.substring(0, base.length() - 2) + " ID"
          : base.replaceAll("([a-z])([A-Z])", "$1 $2");
    }
  }

  record SfObject(String name, String keyPrefix, List<SfField> fields, Map<String, SfField> byLowerName) {
    SfField field(String name) {
      return byLowerName.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private static final Map<String, SfObject> OBJECTS = new LinkedHashMap<>();
  private static final Map<String, SfObject> BY_LOWER = new LinkedHashMap<>();

  static {
    def("User", "005", true, "Username:string", "Email:email", "FirstName:string", "LastName:string", "Name:string",
        "IsActive:boolean", "UserRoleId:reference>UserRole");
    def("UserRole", "00E", true, "Name:string", "DeveloperName:string", "ParentRoleId:reference>UserRole");
    def("Account", "001", true, "Name:string", "Website:url", "Industry:picklist", "NumberOfEmployees:int",
        "BillingCountry:string", "Type:picklist", "OwnerId:reference>User", "CurrencyIsoCode:picklist",
        "Customer_Tier__c:picklist", "Employee_Band__c:string");
    def("Contact", "003", true, "FirstName:string", "LastName:string", "Name:string", "Email:email",
        "AccountId:reference>Account", "OwnerId:reference>User", "LeadSource:picklist", "MailingCountry:string",
        "CurrencyIsoCode:picklist");
    def("Lead", "00Q", true, "FirstName:string", "LastName:string", "Name:string", "Email:email", "Company:string",
        "Status:picklist", "LeadSource:picklist", "IsConverted:boolean", "ConvertedDate:date",
        "ConvertedAccountId:reference>Account", "ConvertedContactId:reference>Contact",
        "ConvertedOpportunityId:reference>Opportunity", "OwnerId:reference>User", "CurrencyIsoCode:picklist");
    def("Opportunity", "006", true, "Name:string", "AccountId:reference>Account", "Amount:currency",
        "CurrencyIsoCode:picklist", "StageName:picklist", "Probability:percent", "CloseDate:date",
        "IsClosed:boolean", "IsWon:boolean", "ForecastCategory:picklist", "ForecastCategoryName:picklist",
        "LeadSource:picklist", "OwnerId:reference>User", "Type:picklist", "CampaignId:reference>Campaign",
        "Pricebook2Id:reference>Pricebook2", "HasOpportunityLineItem:boolean", "Loss_Reason__c:picklist",
        "Region__c:picklist");
    def("OpportunityStage", "01J", true, "MasterLabel:string", "ApiName:string", "IsClosed:boolean",
        "IsWon:boolean", "DefaultProbability:percent", "ForecastCategory:picklist", "ForecastCategoryName:picklist",
        "SortOrder:int", "IsActive:boolean", "Description:string");
    def("OpportunityHistory", "008", false, "OpportunityId:reference>Opportunity", "StageName:picklist",
        "Amount:currency", "Probability:percent", "CloseDate:date", "ForecastCategory:picklist",
        "ExpectedRevenue:currency", "CurrencyIsoCode:picklist");
    def("OpportunityLineItem", "00k", true, "OpportunityId:reference>Opportunity", "Product2Id:reference>Product2",
        "PricebookEntryId:reference>PricebookEntry", "Name:string", "ProductCode:string", "Quantity:double",
        "UnitPrice:currency", "ListPrice:currency", "Discount:percent", "TotalPrice:currency",
        "CurrencyIsoCode:picklist");
    def("Product2", "01t", true, "Name:string", "ProductCode:string", "Family:picklist", "IsActive:boolean",
        "Description:textarea", "CurrencyIsoCode:picklist");
    def("PricebookEntry", "01u", true, "Name:string", "Pricebook2Id:reference>Pricebook2",
        "Product2Id:reference>Product2", "UnitPrice:currency", "CurrencyIsoCode:picklist", "IsActive:boolean",
        "UseStandardPrice:boolean", "ProductCode:string");
    def("Campaign", "701", true, "Name:string", "Type:picklist", "Status:picklist", "StartDate:date",
        "EndDate:date", "IsActive:boolean", "NumberSent:double", "NumberOfResponses:int", "CurrencyIsoCode:picklist");
    def("CampaignMember", "00v", true, "CampaignId:reference>Campaign", "ContactId:reference>Contact",
        "LeadId:reference>Lead", "Status:picklist", "HasResponded:boolean", "FirstRespondedDate:date");
    def("Task", "00T", true, "Subject:string", "TaskSubtype:picklist", "Status:picklist", "Priority:picklist",
        "IsClosed:boolean", "ActivityDate:date", "WhatId:reference>Opportunity,Account",
        "WhoId:reference>Contact,Lead", "AccountId:reference>Account", "OwnerId:reference>User",
        "Description:textarea", "CallDurationInSeconds:int", "CallType:picklist", "CallDisposition:string",
        "IsArchived:boolean");
    def("Event", "00U", true, "Subject:string", "EventSubtype:picklist", "StartDateTime:datetime",
        "EndDateTime:datetime", "ActivityDateTime:datetime", "ActivityDate:date", "DurationInMinutes:int",
        "WhatId:reference>Opportunity,Account", "WhoId:reference>Contact,Lead", "AccountId:reference>Account",
        "OwnerId:reference>User", "Description:textarea", "Meeting_Outcome__c:picklist", "IsArchived:boolean");
    def("Case", "500", true, "CaseNumber:string", "Subject:string", "Status:picklist", "Priority:picklist",
        "Origin:picklist", "Type:picklist", "Reason:picklist", "AccountId:reference>Account",
        "ContactId:reference>Contact", "OwnerId:reference>User", "IsClosed:boolean", "ClosedDate:datetime",
        "Product_SKU__c:string");
    def("CurrencyType", "02B", true, "IsoCode:picklist", "ConversionRate:double", "DecimalPlaces:int",
        "IsActive:boolean", "IsCorporate:boolean");
    def("DatedConversionRate", "04w", true, "IsoCode:picklist", "ConversionRate:double", "StartDate:date",
        "NextStartDate:date");
  }

  private SfSchema() {
  }

  private static void def(String name, String prefix, boolean lastModified, String... specs) {
    List<SfField> fields = new ArrayList<>();
    fields.add(new SfField("Id", "id", false, null));
    for (String spec : specs) {
      String[] nt = spec.split(":");
      String[] tr = nt[1].split(">");
      fields.add(new SfField(nt[0], tr[0], nt[0].endsWith("__c"), tr.length > 1 ? tr[1] : null));
    }
    fields.add(new SfField("IsDeleted", "boolean", false, null));
    fields.add(new SfField("CreatedDate", "datetime", false, null));
    if (lastModified) {
      fields.add(new SfField("LastModifiedDate", "datetime", false, null));
    }
    fields.add(new SfField("SystemModstamp", "datetime", false, null));
    Map<String, SfField> byLower = new LinkedHashMap<>();
    fields.forEach(f -> byLower.put(f.name().toLowerCase(Locale.ROOT), f));
    SfObject o = new SfObject(name, prefix, List.copyOf(fields), Collections.unmodifiableMap(byLower));
    OBJECTS.put(name, o);
    BY_LOWER.put(name.toLowerCase(Locale.ROOT), o);
  }

  /** The object, matched case-insensitively as SOQL does, or null. */
  static SfObject object(String name) {
    return name == null ? null : BY_LOWER.get(name.toLowerCase(Locale.ROOT));
  }

  static Collection<SfObject> objects() {
    return Collections.unmodifiableCollection(OBJECTS.values());
  }
}
