-- Secondary report: conversion stages without an intermediary: the sales funnel of direct deals (sales channel
-- 'direct', see reports.direct_sales). Per creation-month cohort (reporting time zone), pipeline and stage, how many
-- direct deals reached the stage or a later one (a skipped stage counts as passed; the lost stage is not part of the
-- order, won is last), and how many sit in it now. Next-step conversion = reached of the next stage / reached here.
-- grain: one row per (period_start, period_grain, pipeline_id, stage_id, source_system)
-- unique: period_start, period_grain, pipeline_id, stage_id, source_system
-- incremental by delta: cohort_size, reached_cnt, current_cnt
-- not_null: period_start, period_grain, source_system
-- accepted_values: period_grain in ('month')
-- test reached_is_monotone: select * from (select *, lag(reached_cnt) over (partition by period_start, pipeline_id, source_system order by display_order) as previous from reports.direct_conversion_stages) where reached_cnt > previous
-- test first_stage_is_cohort: select * from reports.direct_conversion_stages where reached_cnt > cohort_size

with

enriched_deals as (
    select * from core.deal_enriched
),

deal_attribution as (
    select * from core.deal_attribution
    where attribution_model = 'first_touch'
),

-- the stage entries of the deals in core.deal_enriched (every deal this report counts): a model, so that a build
-- after a sync can select the changed deals' rows as they were before
stage_history as (
    select deal_id, to_stage_id as stage_id from core.deal_stage_transition
),

stages as (
    select * from core.stage
),

funnel_stages as (
    select
        stage_id,
        pipeline_id,
        name as stage_name,
        display_order
    from stages
    where not is_deleted
      and not (coalesce(is_closed, false) and not coalesce(is_won, false))
),

direct_deals as (
    select
        d.deal_id,
        d.source_system,
        d.pipeline_id,
        d.stage_id,
        d.status,
        cast(date_trunc('month', d.created_date) as date) as period_start
    from enriched_deals as d
    join deal_attribution as a on a.deal_id = d.deal_id
    where a.sales_channel = 'direct'
      and d.created_at is not null
      and ${in_slice(d.deal_id)}
),

deal_reach as (
    select
        d.deal_id,
        max(s.display_order) as max_order
    from direct_deals as d
    join stage_history as h on h.deal_id = d.deal_id
    join funnel_stages as s on s.stage_id = h.stage_id
    group by d.deal_id
),

cohorts as (
    select
        period_start,
        pipeline_id,
        source_system,
        count(*) as cohort_size
    from direct_deals
    group by all
),

-- deals counted per reach and per open stage before they meet the stages: a deal x stage grid cost most of this
-- report; a cohort keeps its rows (zero counts) when none of its deals reached a funnel stage
reach_counts as (
    select
        d.period_start,
        d.pipeline_id,
        d.source_system,
        r.max_order,
        count(*) as deals
    from direct_deals as d
    join deal_reach as r on r.deal_id = d.deal_id
    group by all
),

open_counts as (
    select
        period_start,
        pipeline_id,
        source_system,
        stage_id,
        count(*) as deals
    from direct_deals
    where status = 'open'
    group by all
),

stage_reach as (
    select
        c.period_start,
        c.pipeline_id,
        c.source_system,
        s.stage_id,
        cast(coalesce(sum(r.deals), 0) as bigint) as reached_cnt
    from cohorts as c
    join funnel_stages as s on s.pipeline_id = c.pipeline_id
    left join reach_counts as r
        on r.period_start = c.period_start
        and r.pipeline_id = c.pipeline_id
        and r.source_system = c.source_system
        and r.max_order >= s.display_order
    group by all
),

final as (
    select
        c.period_start,
        'month' as period_grain,
        s.pipeline_id,
        s.stage_id,
        c.source_system,
        s.stage_name,
        s.display_order,
        c.cohort_size,
        coalesce(sr.reached_cnt, 0) as reached_cnt,
        coalesce(o.deals, 0) as current_cnt
    from cohorts as c
    join funnel_stages as s on s.pipeline_id = c.pipeline_id
    left join stage_reach as sr
        on sr.period_start = c.period_start
        and sr.pipeline_id = c.pipeline_id
        and sr.source_system is not distinct from c.source_system
        and sr.stage_id = s.stage_id
    left join open_counts as o
        on o.period_start = c.period_start
        and o.pipeline_id = c.pipeline_id
        and o.source_system = c.source_system
        and o.stage_id = s.stage_id
)

select * from final
