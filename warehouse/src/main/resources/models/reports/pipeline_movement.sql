-- R4 Pipeline movement: stage transitions per month (of the move, in the reporting time zone), pipeline, from and
-- to stage, owner (current) and CRM, from core.deal_stage_transition. direction: won / lost (into a closed stage),
-- advanced (to a higher display order), regressed (lower), same_order; a deal's first stage is an 'entered' move
-- with from_stage_id 'none'. Amounts are the deals' current amounts in the reporting currency.
-- grain: one row per (period_start, period_grain, pipeline_id, from_stage_id, to_stage_id, owner_id, source_system)
-- unique: period_start, period_grain, pipeline_id, from_stage_id, to_stage_id, owner_id, source_system
-- incremental by delta: transitions, deals, advanced_cnt, regressed_cnt, same_order_cnt, won_cnt, lost_cnt, entered_cnt, amount_rc
-- not_null: period_start, period_grain, from_stage_id, owner_id, source_system
-- accepted_values: period_grain in ('month')
-- relationships: owner_id -> core.owner.owner_id except ('unassigned') where source_system in (select source_system from core.owner)
-- test directions_partition_transitions: select * from reports.pipeline_movement where advanced_cnt + regressed_cnt + same_order_cnt + won_cnt + lost_cnt + entered_cnt <> transitions
-- test distinct_deals_within_transitions: select * from reports.pipeline_movement where deals > transitions or deals < 1

with

-- not materialized: both readers below stream the scan (a materialized 3.5M-row CTE costs more than a second scan).
-- Every row adds up over deals, so a build after a sync selects the changed deals' rows before and after and adds
-- the difference
transitions as not materialized (
    select * from core.deal_stage_transition
    where ${in_slice(deal_id)}
),

enriched_deals as not materialized (
    select * from core.deal_enriched
    where ${in_slice(deal_id)}
),

-- the deal's columns the grain needs, narrow (owner names join the aggregated rows)
deal_keys as not materialized (
    select
        deal_id,
        coalesce(owner_id, 'unassigned') as owner_id,
        source_system,
        pipeline_id,
        coalesce(amount_rc, 0) as amount_rc
    from enriched_deals
),

-- a deal repeating a move (same from and to stage) in a month is one deal: those repeats are rare, so they are found
-- on their own (a count per deal and move, without the deal's columns) and subtracted from the moves counted below,
-- instead of deduplicating every move. The move's pipeline is its to-stage's.
repeated_moves as (
    select
        deal_id,
        cast(date_trunc('month', entered_date) as date) as period_start,
        coalesce(from_stage_id, 'none') as from_stage_id,
        to_stage_id,
        to_pipeline_id,
        count(*) - 1 as repeats
    from transitions
    group by all
    having count(*) > 1
),

moves as (
    select
        cast(date_trunc('month', t.entered_date) as date) as period_start,
        coalesce(t.to_pipeline_id, d.pipeline_id) as pipeline_id,
        coalesce(t.from_stage_id, 'none') as from_stage_id,
        t.to_stage_id,
        d.owner_id,
        d.source_system,
        t.direction,
        d.amount_rc
    from transitions as t
    join deal_keys as d on d.deal_id = t.deal_id
),

repeats as (
    select
        r.period_start,
        coalesce(r.to_pipeline_id, d.pipeline_id) as pipeline_id,
        r.from_stage_id,
        r.to_stage_id,
        d.owner_id,
        d.source_system,
        sum(r.repeats) as repeats
    from repeated_moves as r
    join deal_keys as d on d.deal_id = r.deal_id
    group by all
),

grouped as (
    select
        period_start,
        pipeline_id,
        from_stage_id,
        to_stage_id,
        owner_id,
        source_system,
        count(*) as transitions,
        count(*) filter (where direction = 'advanced') as advanced_cnt,
        count(*) filter (where direction = 'regressed') as regressed_cnt,
        count(*) filter (where direction = 'same_order') as same_order_cnt,
        count(*) filter (where direction = 'won') as won_cnt,
        count(*) filter (where direction = 'lost') as lost_cnt,
        count(*) filter (where direction = 'entered') as entered_cnt,
        sum(amount_rc) as amount_rc
    from moves
    group by all
),

-- an owner's name is one per owner: taken once per owner, not per move
owner_names as (
    select
        coalesce(owner_id, 'unassigned') as owner_id,
        source_system,
        any_value(coalesce(owner_name, 'unassigned')) as owner_name
    from enriched_deals
    group by all
),

final as (
    select
        g.period_start,
        'month' as period_grain,
        g.pipeline_id,
        g.from_stage_id,
        g.to_stage_id,
        g.owner_id,
        g.source_system,
        n.owner_name,
        cast(g.transitions as bigint) as transitions,
        cast(g.transitions - coalesce(r.repeats, 0) as bigint) as deals,
        cast(g.advanced_cnt as bigint) as advanced_cnt,
        cast(g.regressed_cnt as bigint) as regressed_cnt,
        cast(g.same_order_cnt as bigint) as same_order_cnt,
        cast(g.won_cnt as bigint) as won_cnt,
        cast(g.lost_cnt as bigint) as lost_cnt,
        cast(g.entered_cnt as bigint) as entered_cnt,
        cast(g.amount_rc as decimal(18,2)) as amount_rc
    from grouped as g
    left join owner_names as n
        on n.owner_id = g.owner_id
        and n.source_system is not distinct from g.source_system
    left join repeats as r
        on r.period_start = g.period_start
        and r.pipeline_id is not distinct from g.pipeline_id
        and r.from_stage_id = g.from_stage_id
        and r.to_stage_id is not distinct from g.to_stage_id
        and r.owner_id = g.owner_id
        and r.source_system is not distinct from g.source_system
)

select * from final
