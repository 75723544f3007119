-- R4 Pipeline movement: stage transitions per month (of the move, in the reporting time zone), pipeline, from and
-- to stage, owner (current) and CRM, from core.deal_stage_transition. direction: won / lost (into a closed stage),
-- advanced (to a higher display order), regressed (lower), same_order; a deal's first stage is an 'entered' move
-- with from_stage_id 'none'. Amounts are the deals' current amounts in the reporting currency.
-- grain: one row per (period_start, period_grain, pipeline_id, from_stage_id, to_stage_id, owner_id, source_system)
-- unique: period_start, period_grain, pipeline_id, from_stage_id, to_stage_id, owner_id, source_system
-- incremental by period period_start: select cast(date_trunc('month', entered_date) as date) from core.deal_stage_transition where deal_id in (select deal_id from changed_deal)
-- not_null: period_start, period_grain, from_stage_id, owner_id, source_system
-- accepted_values: period_grain in ('month')
-- relationships: owner_id -> core.owner.owner_id except ('unassigned') where source_system in (select source_system from core.owner)
-- test directions_partition_transitions: select * from reports.pipeline_movement where advanced_cnt + regressed_cnt + same_order_cnt + won_cnt + lost_cnt + entered_cnt <> transitions
-- test distinct_deals_within_transitions: select * from reports.pipeline_movement where deals > transitions or deals < 1

with

transitions as (
    select * from core.deal_stage_transition
    where ${in_slice(cast(date_trunc('month', entered_date) as date))}
),

enriched_deals as (
    select * from core.deal_enriched
),

-- per deal and move first, before the deal's columns join (a deal repeating a move in a month is one deal):
-- count(distinct deal_id) beside the other aggregates cost a second full aggregation; the move's pipeline is its
-- to-stage's, so it is one per group
deal_moves as (
    select
        deal_id,
        cast(date_trunc('month', entered_date) as date) as period_start,
        coalesce(from_stage_id, 'none') as from_stage_id,
        to_stage_id,
        any_value(to_pipeline_id) as to_pipeline_id,
        count(*) as transitions,
        count(*) filter (where direction = 'advanced') as advanced_cnt,
        count(*) filter (where direction = 'regressed') as regressed_cnt,
        count(*) filter (where direction = 'same_order') as same_order_cnt,
        count(*) filter (where direction = 'won') as won_cnt,
        count(*) filter (where direction = 'lost') as lost_cnt,
        count(*) filter (where direction = 'entered') as entered_cnt
    from transitions
    group by all
),

per_deal as (
    select
        m.period_start,
        coalesce(m.to_pipeline_id, d.pipeline_id) as pipeline_id,
        m.from_stage_id,
        m.to_stage_id,
        coalesce(d.owner_id, 'unassigned') as owner_id,
        d.source_system,
        m.deal_id,
        coalesce(d.owner_name, 'unassigned') as owner_name,
        m.transitions,
        m.advanced_cnt,
        m.regressed_cnt,
        m.same_order_cnt,
        m.won_cnt,
        m.lost_cnt,
        m.entered_cnt,
        coalesce(d.amount_rc, 0) * m.transitions as amount_rc
    from deal_moves as m
    join enriched_deals as d on d.deal_id = m.deal_id
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
        cast(sum(transitions) as bigint) as transitions,
        cast(count(*) as bigint) as deals,
        cast(sum(advanced_cnt) as bigint) as advanced_cnt,
        cast(sum(regressed_cnt) as bigint) as regressed_cnt,
        cast(sum(same_order_cnt) as bigint) as same_order_cnt,
        cast(sum(won_cnt) as bigint) as won_cnt,
        cast(sum(lost_cnt) as bigint) as lost_cnt,
        cast(sum(entered_cnt) as bigint) as entered_cnt,
        cast(sum(amount_rc) as decimal(18,2)) as amount_rc
    from per_deal
    group by period_start, pipeline_id, from_stage_id, to_stage_id, owner_id, source_system
)

select * from final
