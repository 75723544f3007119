-- R2 Sales Funnel, cohort mode (decision §8.4): deals created in a month (reporting time zone), followed to today,
-- per pipeline stage. The funnel of a pipeline is its stages in display order without the lost stage(s); won is
-- the last. reached_cnt (default, "reached this stage or beyond"): the deal's furthest funnel stage is at or after
-- this one, so skipped stages count as passed and a backward move does not undo progress; every cohort deal reached
-- the first stage. strict_reached_cnt: the deal visited this stage and every earlier funnel stage. current_cnt:
-- open deals sitting in the stage now. lost_from_stage_cnt: lost deals whose last open stage was this one (the one
-- entered last; of two entered at the same instant, the later history row).
-- Conversions are numerator + denominator: next step = next_reached_cnt / reached_cnt, cumulative = reached_cnt /
-- cohort_deals. Lead source is the deal's own, normalized through core.source_map (core.deal_attribution;
-- 'unknown' when empty or unmapped); owner the current one.
-- Test reached_is_monotone first finds the groups whose reached counts, in stage order, are not non-increasing with
-- one aggregate (0.44 CPU s at 1M deals); only on those groups it lags reached_cnt over the key columns and joins the
-- offending rows back for every column (the window over every group cost 1.1-1.2 CPU s).
-- grain: one row per (cohort_period_start, period_grain, funnel_mode, pipeline_id, stage_id, source_normalized, owner_id, source_system)
-- unique: cohort_period_start, period_grain, funnel_mode, pipeline_id, stage_id, source_normalized, owner_id, source_system
-- incremental by key (cohort_period_start, pipeline_id, source_normalized, owner_id, source_system): select cast(date_trunc('month', d.created_date) as date), d.pipeline_id, a.source_normalized, coalesce(d.owner_id, 'unassigned'), d.source_system from core.deal_enriched as d join core.deal_attribution as a on a.deal_id = d.deal_id and a.attribution_model = 'first_touch' where d.deal_id in (select deal_id from changed_deal)
-- not_null: cohort_period_start, period_grain, funnel_mode, pipeline_id, stage_id, source_normalized, owner_id, source_system
-- accepted_values: period_grain in ('month')
-- accepted_values: funnel_mode in ('cohort')
-- relationships: owner_id -> core.owner.owner_id except ('unassigned') where source_system in (select source_system from core.owner)
-- relationships: source_normalized -> core.source_map.source_normalized except ('unknown')
-- test reached_is_monotone: select f.*, o.previous_reached from reports.sales_funnel f join (select * from (select cohort_period_start, period_grain, funnel_mode, pipeline_id, stage_id, source_normalized, owner_id, source_system, stage_position, reached_cnt, lag(reached_cnt) over (partition by cohort_period_start, period_grain, funnel_mode, pipeline_id, source_normalized, owner_id, source_system order by stage_position) as previous_reached from reports.sales_funnel as s where exists (select 1 from (select cohort_period_start, period_grain, funnel_mode, pipeline_id, source_normalized, owner_id, source_system from reports.sales_funnel group by all having list(reached_cnt order by stage_position) <> list_reverse_sort(list(reached_cnt order by stage_position))) as g where g.cohort_period_start is not distinct from s.cohort_period_start and g.period_grain is not distinct from s.period_grain and g.funnel_mode is not distinct from s.funnel_mode and g.pipeline_id is not distinct from s.pipeline_id and g.source_normalized is not distinct from s.source_normalized and g.owner_id is not distinct from s.owner_id and g.source_system is not distinct from s.source_system)) where reached_cnt > previous_reached) o on f.cohort_period_start is not distinct from o.cohort_period_start and f.period_grain is not distinct from o.period_grain and f.funnel_mode is not distinct from o.funnel_mode and f.pipeline_id is not distinct from o.pipeline_id and f.stage_id is not distinct from o.stage_id and f.source_normalized is not distinct from o.source_normalized and f.owner_id is not distinct from o.owner_id and f.source_system is not distinct from o.source_system and f.stage_position is not distinct from o.stage_position and f.reached_cnt = o.reached_cnt
-- test first_stage_is_cohort: select * from reports.sales_funnel where stage_position = 1 and reached_cnt <> cohort_deals
-- test strict_within_reached: select * from reports.sales_funnel where strict_reached_cnt > reached_cnt or next_reached_cnt > reached_cnt or reached_cnt > cohort_deals
-- test cohort_outcomes_add_up: select cohort_period_start, pipeline_id, source_normalized, owner_id, source_system from reports.sales_funnel group by all having sum(lost_from_stage_cnt) + sum(current_cnt) + sum(reached_cnt) filter (where is_won_stage) <> max(cohort_deals)

with

enriched_deals as (
    select * from core.deal_enriched
),

deal_attribution as (
    select * from core.deal_attribution
    where attribution_model = 'first_touch'
),

stages as (
    select * from core.stage
),

stage_history as (
    select * from core.deal_stage_history
),

pipeline_stages as (
    select
        pipeline_id,
        stage_id,
        name as stage_name,
        display_order,
        coalesce(is_won, false) as is_won_stage,
        is_won is not null as outcome_known
    from stages
    where not is_deleted
      and not (coalesce(is_closed, false) and not coalesce(is_won, false))
),

-- CRMs that win deals without a won stage (Pipedrive: every stage says is_won = false, the deal's status says won)
-- get a "Won" step after the last stage
won_outcome_stages as (
    select
        pipeline_id,
        pipeline_id || ':won' as stage_id,
        'Won' as stage_name,
        max(display_order) + 1 as display_order,
        true as is_won_stage
    from pipeline_stages
    group by pipeline_id
    having not bool_or(is_won_stage) and bool_and(outcome_known)
),

funnel_stages as (
    select
        *,
        row_number() over (partition by pipeline_id order by display_order, stage_id) as stage_position
    from (
        select pipeline_id, stage_id, stage_name, display_order, is_won_stage from pipeline_stages
        union all
        select * from won_outcome_stages
    )
),

cohort_deals as (
    select
        d.deal_id,
        d.pipeline_id,
        d.stage_id,
        d.status,
        cast(date_trunc('month', d.created_date) as date) as cohort_period_start,
        a.source_normalized,
        coalesce(d.owner_id, 'unassigned') as owner_id,
        coalesce(d.owner_name, 'unassigned') as owner_name,
        d.source_system,
        coalesce(d.amount_rc, 0) as amount_rc
    from enriched_deals as d
    join deal_attribution as a on a.deal_id = d.deal_id
    where d.created_date is not null
      and d.pipeline_id is not null
      and ${in_slice(cast(date_trunc('month', d.created_date) as date), d.pipeline_id, a.source_normalized,
          coalesce(d.owner_id, 'unassigned'), d.source_system)}
),

-- every stage visit of a cohort deal in its own pipeline's funnel, as positions: its history, its current stage and,
-- for CRMs without a won stage, the "Won" step of a won deal
visited_positions as (
    select
        h.deal_id,
        f.stage_position,
        f.is_won_stage,
        h.entered_at,
        h.seq,
        d.status
    from stage_history as h
    join cohort_deals as d on d.deal_id = h.deal_id
    join funnel_stages as f on f.stage_id = h.stage_id and f.pipeline_id = d.pipeline_id
    union all
    select d.deal_id, f.stage_position, f.is_won_stage, null as entered_at, null as seq, d.status
    from cohort_deals as d
    join funnel_stages as f
        on f.pipeline_id = d.pipeline_id
        and (f.stage_id = d.stage_id or (d.status = 'won' and f.stage_id = d.pipeline_id || ':won'))
),

-- one pass per deal: the furthest position, the visited positions as bits (bit p = position p) and, for a lost deal
-- (the only ones it is read for), the last open stage entered (latest entered_at, then the latest history row)
deal_visits as (
    select
        deal_id,
        max(stage_position) as furthest_position,
        bit_or(cast(1 as hugeint) << stage_position) as visited_bits,
        arg_max(stage_position, (entered_at, seq))
            filter (where entered_at is not null and not is_won_stage and status = 'lost') as last_open_position
    from visited_positions
    group by deal_id
),

-- strict prefix: positions 1..k all visited, k = the trailing ones of the bits above position 0
deal_progress as (
    select
        d.cohort_period_start,
        d.pipeline_id,
        d.source_normalized,
        d.owner_id,
        d.source_system,
        d.amount_rc,
        coalesce(v.furthest_position, 1) as furthest_position,
        coalesce(bit_count(xor(v.visited_bits >> 1, (v.visited_bits >> 1) + 1)) - 1, 0) as strict_prefix_length,
        case when d.status = 'open' then c.stage_position end as current_position,
        case when d.status = 'lost' then coalesce(v.last_open_position, 1) end as lost_position
    from cohort_deals as d
    left join deal_visits as v on v.deal_id = d.deal_id
    left join funnel_stages as c on c.pipeline_id = d.pipeline_id and c.stage_id = d.stage_id
),

-- each (cohort, pipeline, source, owner, CRM) gets a number, so the counting below groups integers
cohort_groups as (
    select
        cohort_period_start,
        pipeline_id,
        source_normalized,
        owner_id,
        source_system,
        row_number() over () as group_no
    from cohort_deals
    group by cohort_period_start, pipeline_id, source_normalized, owner_id, source_system
),

-- deals alike in everything the stage rows count are counted together before they meet the stages
progress_counts as (
    select
        g.group_no,
        p.furthest_position,
        p.strict_prefix_length,
        p.current_position,
        p.lost_position,
        count(*) as deals,
        sum(p.amount_rc) as amount_rc
    from deal_progress as p
    join cohort_groups as g
        on g.cohort_period_start = p.cohort_period_start
        and g.pipeline_id = p.pipeline_id
        and g.source_normalized is not distinct from p.source_normalized
        and g.owner_id = p.owner_id
        and g.source_system is not distinct from p.source_system
    group by all
),

group_stages as (
    select g.group_no, f.stage_position
    from cohort_groups as g
    join funnel_stages as f on f.pipeline_id = g.pipeline_id
),

-- the stage rows are counted by group and position (integer keys; a pipeline's positions and stages are one to one)
-- without the names, which join the counted rows in final
deal_stage_grid as (
    select
        p.group_no,
        p.deals,
        p.amount_rc,
        s.stage_position,
        p.furthest_position >= s.stage_position as reached,
        p.furthest_position >= s.stage_position + 1 as reached_next,
        p.strict_prefix_length >= s.stage_position as strict_reached,
        p.current_position is not distinct from s.stage_position as is_current,
        p.lost_position is not distinct from s.stage_position as lost_here
    from progress_counts as p
    join group_stages as s on s.group_no = p.group_no
),

stage_counts as (
    select
        group_no,
        stage_position,
        sum(deals) as cohort_deals,
        coalesce(sum(deals) filter (where reached), 0) as reached_cnt,
        coalesce(sum(amount_rc) filter (where reached), 0) as reached_amount_rc,
        coalesce(sum(deals) filter (where reached_next), 0) as next_reached_cnt,
        coalesce(sum(deals) filter (where strict_reached), 0) as strict_reached_cnt,
        coalesce(sum(deals) filter (where is_current), 0) as current_cnt,
        coalesce(sum(deals) filter (where lost_here), 0) as lost_from_stage_cnt
    from deal_stage_grid
    group by group_no, stage_position
),

-- an owner's name is one per owner: taken once per owner, not per stage row
owner_names as (
    select owner_id, source_system, any_value(owner_name) as owner_name
    from cohort_deals
    group by owner_id, source_system
),

-- the group's columns and the stage's join the counted rows (left joins, though every counted row has its group and
-- stage: they keep this join order, the small funnel last, instead of first widening every group by its stages)
final as (
    select
        c.cohort_period_start,
        'month' as period_grain,
        'cohort' as funnel_mode,
        c.pipeline_id,
        f.stage_id,
        c.source_normalized,
        c.owner_id,
        c.source_system,
        o.owner_name,
        f.stage_name,
        f.display_order as stage_display_order,
        f.stage_position,
        f.is_won_stage,
        cast(sc.cohort_deals as bigint) as cohort_deals,
        cast(sc.reached_cnt as bigint) as reached_cnt,
        cast(sc.reached_amount_rc as decimal(18,2)) as reached_amount_rc,
        cast(sc.next_reached_cnt as bigint) as next_reached_cnt,
        cast(sc.strict_reached_cnt as bigint) as strict_reached_cnt,
        cast(sc.current_cnt as bigint) as current_cnt,
        cast(sc.lost_from_stage_cnt as bigint) as lost_from_stage_cnt,
        cast(sc.reached_cnt - sc.next_reached_cnt as bigint) as drop_off_cnt
    from stage_counts as sc
    left join cohort_groups as c on c.group_no = sc.group_no
    left join funnel_stages as f on f.pipeline_id = c.pipeline_id and f.stage_position = sc.stage_position
    left join owner_names as o on o.owner_id = c.owner_id and o.source_system is not distinct from c.source_system
)

select * from final
