-- Weekly report (weeks start Monday, reporting time zone): deals moved forward in the funnel and customers lost, per
-- owner (current), pipeline and CRM. deals_advanced / deals_regressed: distinct deals with at least one move that
-- week to a higher / lower display order among open stages, or into the won stage (advanced); new_deals by creation;
-- won / lost by close date. customers_lost: distinct customers (canonical accounts) that lost a deal that week after
-- having won one before. Weeks do not nest in months: never add weeks up to months.
-- grain: one row per (period_start, period_grain, owner_id, pipeline_id, source_system)
-- unique: period_start, period_grain, owner_id, pipeline_id, source_system
-- test week_starts_monday: select * from reports.weekly_progress where isodow(period_start) <> 1
-- test customers_lost_within_lost: select * from reports.weekly_progress where customers_lost > deals_lost

with

stage_history as (
    select * from core.deal_stage_history
),

enriched_deals as (
    select * from core.deal_enriched
),

stages as (
    select * from core.stage
),

moves as (
    select
        h.deal_id,
        h.entered_at,
        h.stage_id as to_stage_id,
        lag(h.stage_id) over (partition by h.deal_id order by h.entered_at, h.seq) as from_stage_id
    from stage_history as h
    join enriched_deals as d on d.deal_id = h.deal_id
),

classified_moves as (
    select
        m.deal_id,
        cast(date_trunc('week', timezone(${reporting_time_zone}, m.entered_at)) as date) as week_start,
        case
            when ts.is_won then 'advanced'
            when ts.is_closed then 'closed'
            when ts.display_order > fs.display_order then 'advanced'
            when ts.display_order < fs.display_order then 'regressed'
            else 'same'
        end as direction
    from moves as m
    left join stages as ts on ts.stage_id = m.to_stage_id
    left join stages as fs on fs.stage_id = m.from_stage_id
    where m.from_stage_id is not null
),

first_wins as (
    select canonical_account_id, min(close_date) as first_won_close_date
    from enriched_deals
    where status = 'won' and canonical_account_id is not null
    group by canonical_account_id
),

deal_events as (
    select
        m.week_start,
        m.deal_id,
        m.direction = 'advanced' as advanced,
        m.direction = 'regressed' as regressed,
        false as created,
        false as won,
        false as lost,
        null::decimal(18,2) as amount_rc,
        null as lost_customer
    from classified_moves as m
    union all
    select
        cast(date_trunc('week', created_date) as date),
        deal_id, false, false, true, false, false, null, null
    from enriched_deals
    where created_date is not null
    union all
    select
        cast(date_trunc('week', d.close_date) as date),
        d.deal_id, false, false, false, d.status = 'won', d.status = 'lost', d.amount_rc,
        case when d.status = 'lost' and f.first_won_close_date < d.close_date then d.canonical_account_id end
    from enriched_deals as d
    left join first_wins as f on f.canonical_account_id = d.canonical_account_id
    where d.status in ('won', 'lost')
      and d.close_date is not null
),

final as (
    select
        e.week_start as period_start,
        'week' as period_grain,
        coalesce(d.owner_id, 'unassigned') as owner_id,
        d.pipeline_id,
        d.source_system,
        coalesce(any_value(d.owner_name), 'unassigned') as owner_name,
        coalesce(any_value(d.team_id), 'unassigned') as team_id,
        coalesce(any_value(d.team_name), 'unassigned') as team_name,
        any_value(d.pipeline_name) as pipeline_name,
        cast(count(distinct e.deal_id) filter (where e.advanced) as bigint) as deals_advanced,
        cast(count(distinct e.deal_id) filter (where e.regressed) as bigint) as deals_regressed,
        cast(count(*) filter (where e.created) as bigint) as new_deals,
        cast(count(*) filter (where e.won) as bigint) as deals_won,
        cast(coalesce(sum(e.amount_rc) filter (where e.won), 0) as decimal(18,2)) as won_amount_rc,
        cast(count(*) filter (where e.lost) as bigint) as deals_lost,
        cast(coalesce(sum(e.amount_rc) filter (where e.lost), 0) as decimal(18,2)) as lost_amount_rc,
        cast(count(distinct e.lost_customer) as bigint) as customers_lost
    from deal_events as e
    join enriched_deals as d on d.deal_id = e.deal_id
    group by e.week_start, coalesce(d.owner_id, 'unassigned'), d.pipeline_id, d.source_system
)

select * from final
