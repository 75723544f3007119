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

enriched_deals as (
    select * from core.deal_enriched
),

-- a move into the won stage counts as advanced; moves into a lost stage and same-order moves count as neither
classified_moves as (
    select
        deal_id,
        cast(date_trunc('week', entered_date) as date) as week_start,
        case
            when direction in ('won', 'advanced') then 'advanced'
            when direction = 'regressed' then 'regressed'
            else 'other'
        end as direction
    from transitions
    where direction <> 'entered'
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
      and ${in_slice(cast(date_trunc('week', created_date) as date))}
    union all
    select
        cast(date_trunc('week', d.close_date) as date),
        d.deal_id, false, false, false, d.status = 'won', d.status = 'lost', d.amount_rc,
        case when d.status = 'lost' and f.first_won_close_date < d.close_date then d.canonical_account_id end
    from enriched_deals as d
    left join first_wins as f on f.canonical_account_id = d.canonical_account_id
    where d.status in ('won', 'lost')
      and d.close_date is not null
      and ${in_slice(cast(date_trunc('week', d.close_date) as date))}
),

-- one row per deal and week first (count(distinct deal_id) beside the other aggregates cost a second full
-- aggregation); a deal has at most one close row, so lost_customer is that row's
deal_weeks as (
    select
        week_start,
        deal_id,
        bool_or(advanced) as advanced,
        bool_or(regressed) as regressed,
        count(*) filter (where created) as created_cnt,
        count(*) filter (where won) as won_cnt,
        sum(amount_rc) filter (where won) as won_amount_rc,
        count(*) filter (where lost) as lost_cnt,
        sum(amount_rc) filter (where lost) as lost_amount_rc,
        max(lost_customer) as lost_customer
    from deal_events
    group by week_start, deal_id
),

grouped as (
    select
        e.week_start,
        coalesce(d.owner_id, 'unassigned') as owner_id,
        d.pipeline_id,
        d.source_system,
        d.owner_name,
        d.team_id,
        d.team_name,
        d.pipeline_name,
        e.*
    from deal_weeks as e
    join enriched_deals as d on d.deal_id = e.deal_id
),

customers_lost as (
    select week_start, owner_id, pipeline_id, source_system, count(distinct lost_customer) as customers_lost
    from grouped
    where lost_customer is not null
    group by week_start, owner_id, pipeline_id, source_system
),

final as (
    select
        g.week_start as period_start,
        'week' as period_grain,
        g.owner_id,
        g.pipeline_id,
        g.source_system,
        coalesce(any_value(g.owner_name), 'unassigned') as owner_name,
        coalesce(any_value(g.team_id), 'unassigned') as team_id,
        coalesce(any_value(g.team_name), 'unassigned') as team_name,
        any_value(g.pipeline_name) as pipeline_name,
        cast(count(*) filter (where g.advanced) as bigint) as deals_advanced,
        cast(count(*) filter (where g.regressed) as bigint) as deals_regressed,
        cast(sum(g.created_cnt) as bigint) as new_deals,
        cast(sum(g.won_cnt) as bigint) as deals_won,
        cast(coalesce(sum(g.won_amount_rc), 0) as decimal(18,2)) as won_amount_rc,
        cast(sum(g.lost_cnt) as bigint) as deals_lost,
        cast(coalesce(sum(g.lost_amount_rc), 0) as decimal(18,2)) as lost_amount_rc,
        cast(coalesce(any_value(c.customers_lost), 0) as bigint) as customers_lost
    from grouped as g
    left join customers_lost as c
        on c.week_start = g.week_start
        and c.owner_id = g.owner_id
        and c.pipeline_id is not distinct from g.pipeline_id
        and c.source_system is not distinct from g.source_system
    group by g.week_start, g.owner_id, g.pipeline_id, g.source_system
)

select * from final
