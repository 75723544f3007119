-- Stage transitions: every stage a deal entered (core.deal_stage_history, deals in core.deal_enriched), with the
-- stage it came from (the previous entry by entered_at, then seq) and the direction of the move: entered (the
-- deal's first stage, from_stage_id null), won / lost (into a closed stage), advanced (to a higher display order),
-- regressed (lower), same_order (equal, or a stage not in core.stage). seq is the history row's; entered_date is
-- entered_at's local date in the reporting time zone, dated once here for every model that buckets moves by day,
-- week or month (5M time-zone conversions cost more than the rest of those models' scans).
-- grain: one row per row of core.deal_stage_history whose deal is in core.deal_enriched
-- incremental by key deal_id
-- test direction_is_known: select * from core.deal_stage_transition where direction not in ('entered', 'won', 'lost', 'advanced', 'regressed', 'same_order')

with

stage_history as (
    select * from core.deal_stage_history
    where ${in_slice(deal_id)}
),

enriched_deals as (
    select * from core.deal_enriched
    where ${in_slice(deal_id)}
),

stages as (
    select * from core.stage
),

moves as (
    select
        h.deal_id,
        h.seq,
        h.entered_at,
        h.stage_id as to_stage_id,
        lag(h.stage_id) over (partition by h.deal_id order by h.entered_at, h.seq) as from_stage_id
    from stage_history as h
    join enriched_deals as d on d.deal_id = h.deal_id
),

final as (
    select
        m.deal_id,
        m.entered_at,
        m.from_stage_id,
        m.to_stage_id,
        ts.pipeline_id as to_pipeline_id,
        case
            when m.from_stage_id is null then 'entered'
            when ts.is_won then 'won'
            when ts.is_closed then 'lost'
            when ts.display_order > fs.display_order then 'advanced'
            when ts.display_order < fs.display_order then 'regressed'
            else 'same_order'
        end as direction,
        m.seq,
        cast(timezone(${reporting_time_zone}, m.entered_at) as date) as entered_date
    from moves as m
    left join stages as ts on ts.stage_id = m.to_stage_id
    left join stages as fs on fs.stage_id = m.from_stage_id
)

select * from final
