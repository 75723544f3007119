-- core.lead.lead_status_raw: the CRM's own lead status as sent (HubSpot hs_lead_status, Salesforce Status, Zoho
-- Lead_Status, Pipedrive the lead's label names); core.lead.lead_status: it normalized (the normalization kit's
-- Vocabulary.leadStatus): new, working, nurturing, qualified, unqualified or converted (a converted lead is
-- 'converted' whatever its status says), 'unknown' for a label the vocabulary does not know, null without a status.
-- core.lead.status keeps what the reports read as the lead's stage (HubSpot: the lifecycle stage).
-- renormalize: contacts, leads

alter table core.lead add column if not exists lead_status_raw varchar;
alter table core.lead add column if not exists lead_status varchar;
