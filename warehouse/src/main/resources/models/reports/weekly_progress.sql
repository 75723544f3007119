-- Weekly report (weeks start Monday, reporting time zone): deals moved forward in the funnel and customers lost, per
-- owner (current), pipeline and CRM. deals_advanced / deals_regressed: distinct deals with at least one move that
-- week to a higher / lower display order among open stages, or into the won stage (advanced); new_deals by creation;
-- won / lost by close date. customers_lost: distinct customers (canonical accounts) that lost a deal that week after
-- having won one before. Weeks do not nest in months: never add weeks up to months.
-- grain: one row per (period_start, period_grain, owner_id, pipeline_id, source_system)
-- unique: period_start, period_grain, owner_id, pipeline_id, source_system
-- incremental by period period_start: select cast(date_trunc('week', entered_date) as date) from core.deal_stage_transition where deal_id in (select deal_id from changed_deal) union all select cast(date_trunc('week', created_date) as date) from core.deal_enriched where deal_id in (select deal_id from changed_deal) union all select cast(date_trunc('week', close_date) as date) from core.deal_enriched where deal_id in (select deal_id from changed_deal)
-- not_null: period_start, period_grain, owner_id, team_id, source_system
-- accepted_values: period_grain in ('week')
-- relationships: owner_id -> core.owner.owner_id except ('unassigned') where source_system in (select source_system from core.owner)
-- relationships: team_id -> core.team.team_id except ('unassigned') where source_system in (select source_system from core.team)
-- test week_starts_monday: select * from reports.weekly_progress where isodow(period_start) <> 1
-- test customers_lost_within_lost: select * from reports.weekly_progress where customers_lost > deals_lost

with

transitions as (
    select * from core.deal_stage_transition
    where ${in_slice(cast(date_trunc('week', entered_date) as date))}
),

-- not materialized: each reader streams its own narrow scan (cheaper than materializing the wide table once)
enriched_deals as not materialized (
    select * from core.deal_enriched
),

-- the report's deal columns, narrow (the names join the aggregated rows)
deal_keys as not materialized (
    select
        deal_id,
        coalesce(owner_id, 'unassigned') as owner_id,
        pipeline_id,
        source_system,
        status,
        created_date,
        close_date,
        amount_rc,
        canonical_account_id
    from enriched_deals
),

-- a move into the won stage counts as advanced; moves into a lost stage and same-order moves count as neither (but
-- still put the deal's group in that week). Only moves need one row per deal and week (a deal counts once however
-- often it moved); a deal is created once and closed once, so those events count as they are
move_weeks as (
    select
        deal_id,
        cast(date_trunc('week', entered_date) as date) as week_start,
        bool_or(direction in ('won', 'advanced')) as advanced,
        bool_or(direction = 'regressed') as regressed
    from transitions
    where direction <> 'entered'
    group by all
),

first_wins as (
    select canonical_account_id, min(close_date) as first_won_close_date
    from enriched_deals
    where status = 'won' and canonical_account_id is not null
    group by canonical_account_id
),

closed_deals as (
    select
        cast(date_trunc('week', d.close_date) as date) as week_start,
        d.owner_id,
        d.pipeline_id,
        d.source_system,
        d.status = 'won' as won,
        d.status = 'lost' as lost,
        d.amount_rc,
        case when d.status = 'lost' and f.first_won_close_date < d.close_date then d.canonical_account_id end
            as lost_customer
    from deal_keys as d
    left join first_wins as f on f.canonical_account_id = d.canonical_account_id
    where d.status in ('won', 'lost')
      and d.close_date is not null
      and ${in_slice(cast(date_trunc('week', d.close_date) as date))}
),

deal_events as (
    select
        m.week_start,
        d.owner_id,
        d.pipeline_id,
        d.source_system,
        m.advanced,
        m.regressed,
        false as created,
        false as won,
        false as lost,
        null::decimal(18,2) as amount_rc
    from move_weeks as m
    join deal_keys as d on d.deal_id = m.deal_id
    union all
    select
        cast(date_trunc('week', created_date) as date),
        owner_id, pipeline_id, source_system, false, false, true, false, false, null
    from deal_keys
    where created_date is not null
      and ${in_slice(cast(date_trunc('week', created_date) as date))}
    union all
    select week_start, owner_id, pipeline_id, source_system, false, false, false, won, lost, amount_rc
    from closed_deals
),

customers_lost as (
    select week_start, owner_id, pipeline_id, source_system, count(distinct lost_customer) as customers_lost
    from closed_deals
    where lost_customer is not null
    group by week_start, owner_id, pipeline_id, source_system
),

grouped as (
    select
        week_start,
        owner_id,
        pipeline_id,
        source_system,
        count(*) filter (where advanced) as deals_advanced,
        count(*) filter (where regressed) as deals_regressed,
        count(*) filter (where created) as new_deals,
        count(*) filter (where won) as deals_won,
        sum(amount_rc) filter (where won) as won_amount_rc,
        count(*) filter (where lost) as deals_lost,
        sum(amount_rc) filter (where lost) as lost_amount_rc
    from deal_events
    group by week_start, owner_id, pipeline_id, source_system
),

-- owner, team and pipeline names are one per (owner, pipeline, CRM): taken once per key, not per event
group_names as (
    select
        coalesce(owner_id, 'unassigned') as owner_id,
        pipeline_id,
        source_system,
        any_value(owner_name) as owner_name,
        any_value(team_id) as team_id,
        any_value(team_name) as team_name,
        any_value(pipeline_name) as pipeline_name
    from enriched_deals
    group by all
),

final as (
    select
        g.week_start as period_start,
        'week' as period_grain,
        g.owner_id,
        g.pipeline_id,
        g.source_system,
        coalesce(n.owner_name, 'unassigned') as owner_name,
        coalesce(n.team_id, 'unassigned') as team_id,
        coalesce(n.team_name, 'unassigned') as team_name,
        n.pipeline_name,
        cast(g.deals_advanced as bigint) as deals_advanced,
        cast(g.deals_regressed as bigint) as deals_regressed,
        cast(g.new_deals as bigint) as new_deals,
        cast(g.deals_won as bigint) as deals_won,
        cast(coalesce(g.won_amount_rc, 0) as decimal(18,2)) as won_amount_rc,
        cast(g.deals_lost as bigint) as deals_lost,
        cast(coalesce(g.lost_amount_rc, 0) as decimal(18,2)) as lost_amount_rc,
        cast(coalesce(c.customers_lost, 0) as bigint) as customers_lost
    from grouped as g
    left join group_names as n
        on n.owner_id = g.owner_id
        and n.pipeline_id is not distinct from g.pipeline_id
        and n.source_system is not distinct from g.source_system
    left join customers_lost as c
        on c.week_start = g.week_start
        and c.owner_id = g.owner_id
        and c.pipeline_id is not distinct from g.pipeline_id
        and c.source_system is not distinct from g.source_system
)

select * from final
