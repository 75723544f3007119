package io.crmw.sandbox.business;

/** The CRM that holds a record when the business is split between CRMs ({@link CrmSplit}). */
public enum Crm { HUBSPOT, SALESFORCE, PIPEDRIVE, ZOHO, ZENDESK_SUPPORT, ZENDESK_SELL }
