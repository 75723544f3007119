-- The date spine every report buckets on: one row per day from the earliest date in the data (deal creation and
-- close dates, activities, leads, goals; instants taken as local dates in the reporting time zone) to the latest of
-- as_of_date, the last close date and the last goal day. Weeks start on Monday (ISO). The fiscal year is the
-- calendar year (fiscal_year_start_month = 1); a company with another fiscal year changes that one constant below.
-- is_business_day is Monday to Friday (no holiday calendar yet).
-- grain: one row per date_day
-- unique: date_day
-- not_null: date_day
-- test spine_has_no_gaps: select date_day from (select date_day, lag(date_day) over (order by date_day) as previous_day from core.calendar) where previous_day is not null and date_day <> previous_day + 1
-- test covers_as_of_date: select ${as_of_date} as as_of_date where not exists (select 1 from core.calendar where date_day = cast(${as_of_date} as date))

with

deals as (
    select * from core.deal
),

activities as (
    select * from core.activity
),

leads as (
    select * from core.lead
),

goals as (
    select * from core.goal
),

-- the local date of an instant: converting every instant is the expensive part, and a zone's offset moves by less than
-- two days in all, so only the instants within two days of the earliest and the latest can hold the extreme dates
instants as (
    select created_at as instant from deals
    union all
    select coalesce(occurred_at, created_at) from activities
    union all
    select created_at from leads
),

instant_bounds as (
    select min(instant) as first_at, max(instant) as last_at from instants
),

instant_dates as (
    select cast(timezone(${reporting_time_zone}, i.instant) as date) as d
    from instants as i, instant_bounds as b
    where i.instant < b.first_at + interval 2 day
       or i.instant > b.last_at - interval 2 day
),

data_dates as (
    select d from instant_dates
    union all
    select close_date from deals
    union all
    select period_start from goals
    union all
    select period_end from goals
    union all
    select cast(${as_of_date} as date)
),

bounds as (
    select
        min(d) as first_day,
        max(d) as last_day
    -- (min and max skip nulls: a "d is not null" filter here would be pushed below the join in instant_dates and
    -- convert every instant)
    from data_dates
),

days as (
    select cast(unnest(range(first_day, last_day + 1, interval 1 day)) as date) as date_day
    from bounds
),

settings as (
    select 1 as fiscal_year_start_month
),

final as (
    select
        d.date_day,
        cast(date_trunc('week', d.date_day) as date) as week_start,
        cast(date_trunc('month', d.date_day) as date) as month_start,
        cast(date_trunc('quarter', d.date_day) as date) as quarter_start,
        cast(date_trunc('year', d.date_day) as date) as year_start,
        cast(last_day(d.date_day) as date) as month_end,
        cast(date_trunc('quarter', d.date_day) + interval 3 month - interval 1 day as date) as quarter_end,
        year(d.date_day) as year,
        quarter(d.date_day) as quarter,
        month(d.date_day) as month,
        isodow(d.date_day) as iso_day_of_week,
        dayname(d.date_day) as day_name,
        -- the fiscal year is named after the calendar year in which it ends
        year(d.date_day + to_months((13 - s.fiscal_year_start_month) % 12)) as fiscal_year,
        cast(floor((month(d.date_day) - s.fiscal_year_start_month + 12) % 12 / 3) + 1 as integer) as fiscal_quarter,
        isodow(d.date_day) <= 5 as is_business_day,
        d.date_day = cast(${as_of_date} as date) as is_as_of_date
    from days as d
    cross join settings as s
)

select * from final
