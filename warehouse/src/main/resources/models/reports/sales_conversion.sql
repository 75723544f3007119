-- R9 Sales Conversion per month, owner, lead source and CRM. Three measures families share the grain, each dated
-- its own way (all in the reporting time zone):
--   lead cohort (default, by the lead's creation month): leads_created, leads_converted (ever converted to a
--   deal/opportunity), leads_to_customer (the lead's contact is a customer or evangelist; for a contact without a
--   lifecycle stage: the lead's status is customer or its converted deal is won); rates lead_conversion_rate =
--   leads_converted / leads_created and lead_to_customer_rate = leads_to_customer / leads_created, always in [0,1];
--   activity definition (by conversion month, can exceed the month's leads): conversions_in_period;
--   deals (by close date, decision §8.1): deals_won, deals_lost, won_amount_rc, lost_amount_rc; win_rate =
--   deals_won / deals_closed. Records created directly as deals have no lead and only count there.
-- Lead source: the lead's (core.lead_attribution) or the deal's (core.deal_attribution), normalized through
-- core.source_map ('unknown' when missing or unmapped). Pipeline is not in the grain: leads have none.
-- grain: one row per (period_start, period_grain, owner_id, source_normalized, source_system)
-- unique: period_start, period_grain, owner_id, source_normalized, source_system
-- incremental by period period_start: select close_month from core.deal_enriched where deal_id in (select deal_id from changed_deal) union all select cast(date_trunc('month', timezone(${reporting_time_zone}, created_at)) as date) from core.lead where converted_deal_id in (select deal_id from changed_deal)
-- not_null: period_start, period_grain, owner_id, team_id, source_normalized, source_system
-- accepted_values: period_grain in ('month')
-- relationships: owner_id -> core.owner.owner_id except ('unassigned') where source_system in (select source_system from core.owner)
-- relationships: team_id -> core.team.team_id except ('unassigned') where source_system in (select source_system from core.team)
-- relationships: source_normalized -> core.source_map.source_normalized except ('unknown')
-- test cohort_rates_bounded: select * from reports.sales_conversion where leads_converted > leads_created or leads_to_customer > leads_created or leads_converted < 0

with

leads as (
    select * from core.lead
),

contacts as (
    select * from core.contact
),

-- read by two steps: not materialized (a million deals)
enriched_deals as not materialized (
    select * from core.deal_enriched
),

owners as (
    select * from core.owner
),

lead_attribution as (
    select * from core.lead_attribution
    where attribution_model = 'first_touch'
),

deal_attribution as (
    select * from core.deal_attribution
    where attribution_model = 'first_touch'
),

live_leads as (
    select
        l.lead_id,
        l.source_system,
        coalesce(l.owner_id, 'unassigned') as owner_id,
        a.source_normalized,
        cast(date_trunc('month', timezone(${reporting_time_zone}, l.created_at)) as date) as created_month,
        cast(date_trunc('month', timezone(${reporting_time_zone}, l.converted_at)) as date) as converted_month,
        coalesce(l.is_converted, false) as is_converted,
        case
            when c.lifecycle_stage is not null then lower(c.lifecycle_stage) in ('customer', 'evangelist')
            else coalesce(lower(l.status) = 'customer', false) or coalesce(d.status = 'won', false)
        end as is_customer
    from leads as l
    join lead_attribution as a on a.lead_id = l.lead_id
    left join contacts as c on c.contact_id = coalesce(l.converted_contact_id, l.contact_id)
    left join enriched_deals as d on d.deal_id = l.converted_deal_id
    where not l.is_deleted
      and l.created_at is not null
),

lead_cohorts as (
    select
        created_month as period_start,
        owner_id,
        source_normalized,
        source_system,
        count(*) as leads_created,
        count(*) filter (where is_converted) as leads_converted,
        count(*) filter (where is_customer) as leads_to_customer,
        0 as conversions_in_period,
        0 as deals_won,
        0 as deals_lost,
        0 as won_amount_rc,
        0 as lost_amount_rc
    from live_leads
    group by all
),

lead_conversions as (
    select
        converted_month as period_start,
        owner_id,
        source_normalized,
        source_system,
        0, 0, 0,
        count(*) as conversions_in_period,
        0, 0, 0, 0
    from live_leads
    where is_converted
      and converted_month is not null
    group by all
),

closed_deals as (
    select
        d.close_month as period_start,
        coalesce(d.owner_id, 'unassigned') as owner_id,
        a.source_normalized,
        d.source_system,
        0, 0, 0, 0,
        count(*) filter (where d.status = 'won') as deals_won,
        count(*) filter (where d.status = 'lost') as deals_lost,
        coalesce(sum(d.amount_rc) filter (where d.status = 'won'), 0) as won_amount_rc,
        coalesce(sum(d.amount_rc) filter (where d.status = 'lost'), 0) as lost_amount_rc
    from enriched_deals as d
    join deal_attribution as a on a.deal_id = d.deal_id
    where d.status in ('won', 'lost')
      and d.close_date is not null
      and ${in_slice(d.close_month)}
    group by all
),

combined as (
    select * from lead_cohorts
    union all
    select * from lead_conversions
    union all
    select * from closed_deals
),

-- summed per row before the owner's name joins (one owner row per owner_id)
totals as (
    select
        period_start,
        owner_id,
        source_normalized,
        source_system,
        sum(leads_created) as leads_created,
        sum(leads_converted) as leads_converted,
        sum(leads_to_customer) as leads_to_customer,
        sum(conversions_in_period) as conversions_in_period,
        sum(deals_won) as deals_won,
        sum(deals_lost) as deals_lost,
        sum(won_amount_rc) as won_amount_rc,
        sum(lost_amount_rc) as lost_amount_rc
    from combined
    group by period_start, owner_id, source_normalized, source_system
),

final as (
    select
        c.period_start,
        'month' as period_grain,
        c.owner_id,
        c.source_normalized,
        c.source_system,
        coalesce(o.name, 'unassigned') as owner_name,
        coalesce(o.team_id, 'unassigned') as team_id,
        cast(c.leads_created as bigint) as leads_created,
        cast(c.leads_converted as bigint) as leads_converted,
        cast(c.leads_to_customer as bigint) as leads_to_customer,
        cast(c.conversions_in_period as bigint) as conversions_in_period,
        cast(c.deals_won as bigint) as deals_won,
        cast(c.deals_lost as bigint) as deals_lost,
        cast(c.deals_won + c.deals_lost as bigint) as deals_closed,
        cast(c.won_amount_rc as decimal(18,2)) as won_amount_rc,
        cast(c.lost_amount_rc as decimal(18,2)) as lost_amount_rc,
        cast(c.leads_converted as double) / nullif(c.leads_created, 0) as lead_conversion_rate,
        cast(c.leads_to_customer as double) / nullif(c.leads_created, 0) as lead_to_customer_rate,
        cast(c.deals_won as double) / nullif(c.deals_won + c.deals_lost, 0) as win_rate
    from totals as c
    left join owners as o on o.owner_id = c.owner_id
)

select * from final
