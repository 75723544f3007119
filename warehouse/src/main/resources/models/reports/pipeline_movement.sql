-- R4 Pipeline movement: stage transitions per month (of the move, in the reporting time zone), pipeline, from and
-- to stage, owner (current) and CRM, from core.deal_stage_history. direction: won / lost (into a closed stage),
-- advanced (to a higher display order), regressed (lower), same_order; a deal's first stage is an 'entered' move
-- with from_stage_id 'none'. Amounts are the deals' current amounts in the reporting currency.
-- grain: one row per (period_start, period_grain, pipeline_id, from_stage_id, to_stage_id, owner_id, source_system)
-- unique: period_start, period_grain, pipeline_id, from_stage_id, to_stage_id, owner_id, source_system
-- test directions_partition_transitions: select * from reports.pipeline_movement where advanced_cnt + regressed_cnt + same_order_cnt + won_cnt + lost_cnt + entered_cnt <> transitions
-- test distinct_deals_within_transitions: select * from reports.pipeline_movement where deals > transitions or deals < 1

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

classified as (
    select
        m.deal_id,
        cast(date_trunc('month', timezone(${reporting_time_zone}, m.entered_at)) as date) as period_start,
        coalesce(ts.pipeline_id, d.pipeline_id) as pipeline_id,
        coalesce(m.from_stage_id, 'none') as from_stage_id,
        m.to_stage_id,
        coalesce(d.owner_id, 'unassigned') as owner_id,
        coalesce(d.owner_name, 'unassigned') as owner_name,
        d.source_system,
        coalesce(d.amount_rc, 0) as amount_rc,
        case
            when m.from_stage_id is null then 'entered'
            when ts.is_won then 'won'
            when ts.is_closed then 'lost'
            when ts.display_order > fs.display_order then 'advanced'
            when ts.display_order < fs.display_order then 'regressed'
            else 'same_order'
        end as direction
    from moves as m
    join enriched_deals as d on d.deal_id = m.deal_id
    left join stages as ts on ts.stage_id = m.to_stage_id
    left join stages as fs on fs.stage_id = m.from_stage_id
),

final as (
    select
        period_start,
        'month' as period_grain,
        pipeline_id,
        from_stage_id,
        to_stage_id,
        owner_id,
        source_system,
        any_value(owner_name) as owner_name,
        cast(count(*) as bigint) as transitions,
        cast(count(distinct deal_id) as bigint) as deals,
        cast(count(*) filter (where direction = 'advanced') as bigint) as advanced_cnt,
        cast(count(*) filter (where direction = 'regressed') as bigint) as regressed_cnt,
        cast(count(*) filter (where direction = 'same_order') as bigint) as same_order_cnt,
        cast(count(*) filter (where direction = 'won') as bigint) as won_cnt,
        cast(count(*) filter (where direction = 'lost') as bigint) as lost_cnt,
        cast(count(*) filter (where direction = 'entered') as bigint) as entered_cnt,
        cast(sum(amount_rc) as decimal(18,2)) as amount_rc
    from classified
    group by period_start, pipeline_id, from_stage_id, to_stage_id, owner_id, source_system
)

select * from final
