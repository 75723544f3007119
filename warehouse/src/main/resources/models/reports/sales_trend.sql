-- R1 Sales trend: monthly series per owner (current) and CRM, on a month spine (zeros included, so trends and moving
-- averages see empty months): won_amount (bookings by close date), won_count, deals_created and leads_created (by
-- creation in the reporting time zone). value_3m_avg is the average of this and the two previous months for the same
-- owner, CRM and series: it is not additive, re-average from value when filtering. Months run from the first month of
-- data to the month of as_of_date.
-- grain: one row per (period_start, period_grain, owner_id, source_system, series)
-- unique: period_start, period_grain, owner_id, source_system, series
-- not_null: period_start, period_grain, owner_id, series, source_system
-- accepted_values: period_grain in ('month')
-- accepted_values: series in ('won_amount', 'won_count', 'deals_created', 'leads_created')
-- relationships: owner_id -> core.owner.owner_id except ('unassigned') where source_system in (select source_system from core.owner)
-- relationships: team_id -> core.team.team_id except ('unassigned') where source_system in (select source_system from core.team)
-- test won_series_agrees_with_total_sales: select t.period_start, t.value, s.won from (select period_start, sum(value) as value from reports.sales_trend where series = 'won_amount' group by 1) t left join (select period_start, coalesce(sum(won_amount_rc), 0) as won from reports.total_sales group by 1) s on s.period_start = t.period_start where t.value <> coalesce(s.won, 0)

with

enriched_deals as (
    select * from core.deal_enriched
),

leads as (
    select * from core.lead
),

owners as (
    select * from core.owner
),

calendar as (
    select * from core.calendar
),

events as (
    select close_month as period_start, coalesce(owner_id, 'unassigned') as owner_id, source_system,
           'won_amount' as series, coalesce(amount_rc, 0) as value
    from enriched_deals
    where status = 'won' and close_date is not null
    union all
    select close_month, coalesce(owner_id, 'unassigned'), source_system, 'won_count', 1
    from enriched_deals
    where status = 'won' and close_date is not null
    union all
    select cast(date_trunc('month', created_date) as date), coalesce(owner_id, 'unassigned'), source_system, 'deals_created', 1
    from enriched_deals
    where created_date is not null
    union all
    select cast(date_trunc('month', timezone(${reporting_time_zone}, created_at)) as date), coalesce(owner_id, 'unassigned'),
           source_system, 'leads_created', 1
    from leads
    where not is_deleted and created_at is not null
),

months as (
    select distinct month_start as period_start
    from calendar
    where date_day <= cast(${as_of_date} as date)
),

series_keys as (
    select distinct owner_id, source_system from events
),

spine as (
    select m.period_start, k.owner_id, k.source_system, s.series
    from months as m
    cross join series_keys as k
    cross join (select unnest(['won_amount', 'won_count', 'deals_created', 'leads_created']) as series) as s
),

monthly as (
    select period_start, owner_id, source_system, series, sum(value) as value
    from events
    group by all
),

filled as (
    select
        s.period_start,
        s.owner_id,
        s.source_system,
        s.series,
        coalesce(m.value, 0) as value
    from spine as s
    left join monthly as m
        on m.period_start = s.period_start
        and m.owner_id = s.owner_id
        and m.source_system = s.source_system
        and m.series = s.series
),

final as (
    select
        f.period_start,
        'month' as period_grain,
        f.owner_id,
        f.source_system,
        f.series,
        coalesce(o.name, 'unassigned') as owner_name,
        coalesce(o.team_id, 'unassigned') as team_id,
        cast(f.value as decimal(18,2)) as value,
        cast(round(avg(f.value) over (
            partition by f.owner_id, f.source_system, f.series
            order by f.period_start
            rows between 2 preceding and current row), 2) as decimal(18,2)) as value_3m_avg
    from filled as f
    left join owners as o on o.owner_id = f.owner_id
)

select * from final
