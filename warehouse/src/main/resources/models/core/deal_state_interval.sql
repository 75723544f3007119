-- The deal snapshot stored compactly: one row per deal and span of days in one state, from the day it entered its first
-- stage until it closed (the closing day included) or until as_of_date while open, rebuilt on every transform from
-- core.deal_stage_history (read through core.deal_stage_transition, which dates each entry once; backfill and "from now
-- on" are the same query, so there is no append step to miss; history the CRM drops is lost with it). Days are local
-- dates in the reporting time zone; when a deal changed stage several times in a day, the last stage of that day
-- counts; spans are clipped to core.calendar. The CRMs give no amount, close-date or owner history here, so amount,
-- close_date and owner are the current values; forecast_category is the stage's (from its probability, as in
-- core.deal_enriched) for past stages and the deal's own category for its current stage. CRMs whose deals are won or
-- lost without a closed stage (Pipedrive: status and won_time/lost_time on the deal) get a closing visit of the current
-- stage at closed_at carrying the deal's status, so their closed deals are closed here too. Why intervals: a daily
-- grain is (deals x days open) rows, ~80 million at 1 million deals, and took minutes and 16 GB to build while no
-- report reads most of it; core.deal_snapshot_daily is the daily view over this table (amount_rc at that day's rate),
-- and a report that needs the state on a few dates (month ends, week starts, as_of_date) joins these spans to those
-- dates: `join ... on d.date_day between i.valid_from and i.valid_to`.
-- grain: one row per (deal_id, valid_from)
-- unique: deal_id, valid_from
-- incremental by key deal_id
-- test spans_do_not_overlap: select * from (select deal_id, valid_from, valid_to, lead(valid_from) over (partition by deal_id order by valid_from) as next_from from core.deal_state_interval) where valid_to < valid_from or next_from <= valid_to
-- test one_status_per_deal_day: select * from core.deal_state_interval where status not in ('open', 'won', 'lost') or stage_id is null
-- test open_deals_are_open_today: select d.deal_id from core.deal_enriched d where d.status = 'open' and exists (select 1 from core.deal_stage_history h where h.deal_id = d.deal_id) and not exists (select 1 from core.deal_state_interval s where s.deal_id = d.deal_id and cast(${as_of_date} as date) between s.valid_from and s.valid_to and s.status = 'open')

with

-- the history rows of the deals in core.deal_enriched, with their local dates: core.deal_stage_transition. Both
-- tables are read by each reader (not materialized: DuckDB would otherwise copy them once for two readers that need
-- few of their columns)
transitions as not materialized (
    select * from core.deal_stage_transition
    where ${in_slice(deal_id)}
),

enriched_deals as not materialized (
    select * from core.deal_enriched
    where ${in_slice(deal_id)}
),

stages as (
    select * from core.stage
),

calendar_bounds as (
    select min(date_day) as first_day, max(date_day) as last_day from core.calendar
),

visits as (
    select
        t.deal_id,
        t.seq,
        t.to_stage_id as stage_id,
        t.entered_at,
        t.entered_date,
        cast(null as varchar) as closing_status
    from transitions as t
    union all
    select
        d.deal_id,
        2147483647 as seq,
        d.stage_id,
        d.closed_at as entered_at,
        cast(timezone(${reporting_time_zone}, d.closed_at) as date) as entered_date,
        d.status as closing_status
    from enriched_deals as d
    left join stages as s on s.stage_id = d.stage_id
    where d.status in ('won', 'lost')
      and d.closed_at is not null
      and not coalesce(s.is_closed, false)
      and exists (select 1 from transitions as t where t.deal_id = d.deal_id)
),

visits_with_next as (
    select
        *,
        lead(entered_date) over (partition by deal_id order by entered_at, seq) as next_entered_date
    from visits
),

last_visit_of_day as (
    select *
    from visits_with_next
    where next_entered_date is null
       or next_entered_date > entered_date
),

spans as (
    select
        v.deal_id,
        v.stage_id,
        v.closing_status,
        v.entered_date as valid_from,
        least(
            case
                when v.next_entered_date is not null then v.next_entered_date - 1
                when v.closing_status is not null or s.is_closed then v.entered_date
                else cast(${as_of_date} as date)
            end,
            cast(${as_of_date} as date)) as valid_to
    from last_visit_of_day as v
    left join stages as s on s.stage_id = v.stage_id
),

clipped as (
    select
        sp.deal_id,
        sp.stage_id,
        sp.closing_status,
        greatest(sp.valid_from, b.first_day) as valid_from,
        least(sp.valid_to, b.last_day) as valid_to
    from spans as sp
    cross join calendar_bounds as b
    where greatest(sp.valid_from, b.first_day) <= least(sp.valid_to, b.last_day)
),

final as (
    select
        c.deal_id,
        c.valid_from,
        c.valid_to,
        d.source_system,
        s.pipeline_id,
        c.stage_id,
        coalesce(c.closing_status, case when s.is_won then 'won' when s.is_closed then 'lost' else 'open' end) as status,
        s.probability,
        case
            when c.closing_status = 'won' or s.is_won then 'closed'
            when c.closing_status = 'lost' or s.is_closed then 'lost'
            when c.stage_id = d.stage_id then d.forecast_category_normalized
            when s.probability >= 0.8 then 'commit'
            when s.probability >= 0.5 then 'best_case'
            when s.probability = 0 then 'omitted'
            else 'pipeline'
        end as forecast_category,
        d.amount,
        upper(d.currency_code) as currency_code,
        d.close_date,
        d.owner_id
    from clipped as c
    join enriched_deals as d on d.deal_id = c.deal_id
    left join stages as s on s.stage_id = c.stage_id
)

select * from final
