-- Columns the sales reports (issue 3, part A) and the normalizers asked for. All nullable: a mapper that does not
-- know a value leaves it null, and older rows keep null until their next sync.
-- core.owner.user_id: the vendor's user id when it differs from the owner id (HubSpot goals name users, not owners).
-- core.line_item.term_months: the contract term of a recurring line (HubSpot hs_recurring_billing_period, ISO-8601).
-- core.lead.lifecycle_stage: the lead's lifecycle stage (HubSpot lifecyclestage), next to the vendor's lead status.

alter table core.owner add column if not exists user_id varchar;
alter table core.line_item add column if not exists term_months integer;
alter table core.lead add column if not exists lifecycle_stage varchar;
