-- Lead Status: leads by status per month, owner, lead source and CRM, the flow between statuses and the share that
-- reach conversion. Status is core.lead.lead_status, the CRM's own lead status normalized (HubSpot hs_lead_status,
-- Salesforce Status, Zoho Lead_Status, Pipedrive labels and archive): new, working, nurturing, qualified,
-- unqualified, converted (every converted lead), or 'unknown' for a lead without one. Flows are from_status ->
-- lead_status counts.
-- status_history says what a flow rests on: 'current_status' when the CRM gives no status history (every CRM synced
-- today: HubSpot, Salesforce, Zoho and Pipedrive leads carry their current status only), so each lead makes one flow,
-- from 'created' to its current status; 'status_history' is kept for dated status changes when a source lands them.
-- Two kinds of measures share the keys (all in the reporting time zone):
--   lead cohort, in the month the lead was created: leads (in their current status) and leads_converted; the share
--   that reach conversion is conversion_rate = leads_converted / leads (recompute it from the sums);
--   status changes, in the month the change happened, where the CRM dates it: flows_in_period (today conversions,
--   dated by converted_at, on the row of the flow created -> converted).
-- Owner is the lead's current owner ('unassigned' without one); the source is the lead's, mapped through
-- core.source_map (core.lead_attribution).
-- grain: one row per (period_start, period_grain, owner_id, source_normalized, channel, source_system, status_history, from_status, lead_status)
-- unique: period_start, period_grain, owner_id, source_normalized, channel, source_system, status_history, from_status, lead_status
-- not_null: period_start, period_grain, owner_id, owner_name, team_id, source_normalized, channel, source_system, status_history, from_status, lead_status
-- accepted_values: period_grain in ('month')
-- accepted_values: status_history in ('current_status', 'status_history')
-- accepted_values: lead_status in ('new', 'working', 'nurturing', 'qualified', 'unqualified', 'converted', 'unknown')
-- accepted_values: from_status in ('created', 'new', 'working', 'nurturing', 'qualified', 'unqualified', 'converted', 'unknown')
-- relationships: owner_id -> core.owner.owner_id except ('unassigned') where source_system in (select source_system from core.owner)
-- relationships: team_id -> core.team.team_id except ('unassigned') where source_system in (select source_system from core.team)
-- relationships: source_normalized -> core.source_map.source_normalized except ('unknown')
-- test converted_within_leads: select * from reports.lead_status where leads_converted > leads or leads < 0 or flows_in_period < 0
-- test only_converted_leads_convert: select * from reports.lead_status where leads_converted > 0 and lead_status <> 'converted'
-- test every_live_lead_counted_once: select * from (select coalesce(sum(leads), 0) as reported from reports.lead_status) r where r.reported <> (select count(*) from core.lead where not is_deleted and created_at is not null)

with

leads as (
    select * from core.lead
),

lead_attribution as (
    select * from core.lead_attribution
    where attribution_model = 'first_touch'
),

owners as (
    select * from core.owner
),

teams as (
    select * from core.team
),

live_leads as (
    select
        l.lead_id,
        l.source_system,
        coalesce(l.owner_id, 'unassigned') as owner_id,
        a.source_normalized,
        a.channel,
        case when l.is_converted then 'converted' else coalesce(l.lead_status, 'unknown') end as lead_status,
        coalesce(l.is_converted, false) as is_converted,
        cast(date_trunc('month', timezone(${reporting_time_zone}, l.created_at)) as date) as created_month,
        cast(date_trunc('month', timezone(${reporting_time_zone}, l.converted_at)) as date) as converted_month
    from leads as l
    join lead_attribution as a on a.lead_id = l.lead_id
    where not l.is_deleted
      and l.created_at is not null
),

current_status_flows as (
    select
        created_month as period_start,
        owner_id,
        source_normalized,
        channel,
        source_system,
        'current_status' as status_history,
        'created' as from_status,
        lead_status,
        count(*) as leads,
        count(*) filter (where is_converted) as leads_converted,
        0 as flows_in_period
    from live_leads
    group by all
),

dated_conversions as (
    select
        converted_month as period_start,
        owner_id,
        source_normalized,
        channel,
        source_system,
        'current_status' as status_history,
        'created' as from_status,
        lead_status,
        0 as leads,
        0 as leads_converted,
        count(*) as flows_in_period
    from live_leads
    where is_converted
      and converted_month is not null
    group by all
),

combined as (
    select * from current_status_flows
    union all
    select * from dated_conversions
),

flows as (
    select
        period_start,
        owner_id,
        source_normalized,
        channel,
        source_system,
        status_history,
        from_status,
        lead_status,
        sum(leads) as leads,
        sum(leads_converted) as leads_converted,
        sum(flows_in_period) as flows_in_period
    from combined
    group by all
),

final as (
    select
        f.period_start,
        'month' as period_grain,
        f.owner_id,
        coalesce(o.name, 'unassigned') as owner_name,
        coalesce(o.team_id, 'unassigned') as team_id,
        coalesce(t.name, 'unassigned') as team_name,
        f.source_normalized,
        f.channel,
        f.source_system,
        f.status_history,
        f.from_status,
        f.lead_status,
        cast(f.leads as bigint) as leads,
        cast(f.leads_converted as bigint) as leads_converted,
        cast(f.leads_converted as double) / nullif(f.leads, 0) as conversion_rate,
        cast(f.flows_in_period as bigint) as flows_in_period
    from flows as f
    left join owners as o on o.owner_id = f.owner_id
    left join teams as t on t.team_id = o.team_id
)

select * from final
