-- One row per day and live deal from the day it entered its first stage until it closed (the closing day
-- included) or until as_of_date while open: the deal's stage, status, probability and forecast category that day,
-- and its amount converted at that day's rate (the latest rate on or before the day). A VIEW over the compact
-- core.deal_state_interval (one row per deal and span of days in one state; see its header for the rules: stage
-- history in the reporting time zone, the last stage of a day counts, current amount, close date and owner):
-- stored daily it is (deals x days open) rows, ~80 million at 1 million deals. Read it for a few dates
-- (`where as_of_date = ...` or a join to month ends) and DuckDB expands only those; its data tests run on
-- core.deal_state_interval (spans_do_not_overlap makes (as_of_date, deal_id) unique here).
-- materialized: view
-- grain: one row per (as_of_date, deal_id)

with

intervals as (
    select * from core.deal_state_interval
),

calendar as (
    select * from core.calendar
),

fx_rates as (
    select * from core.fx_rate
    where to_currency = upper(${reporting_currency})
),

deal_days as (
    select
        c.date_day as as_of_date,
        i.*
    from intervals as i
    join calendar as c on c.date_day between i.valid_from and i.valid_to
),

-- the as-of lookup per distinct (currency, day), then an equi-join (an ASOF JOIN would sort every deal-day)
day_rates as (
    select
        k.currency_code,
        k.date_day,
        r.rate
    from (select distinct i.currency_code, c.date_day from (select distinct currency_code from intervals) as i, calendar as c) as k
    asof left join fx_rates as r
        on r.from_currency = k.currency_code
        and r.rate_date <= k.date_day
),

converted as (
    select
        x.*,
        case when x.currency_code = upper(${reporting_currency}) then cast(1 as decimal(18,8)) else r.rate end as fx_rate
    from deal_days as x
    left join day_rates as r
        on r.currency_code = x.currency_code
        and r.date_day = x.as_of_date
),

final as (
    select
        as_of_date,
        deal_id,
        source_system,
        pipeline_id,
        stage_id,
        status,
        probability,
        forecast_category,
        cast(round(amount * fx_rate, 2) as decimal(18,2)) as amount_rc,
        amount is not null and fx_rate is null as fx_missing,
        close_date,
        owner_id
    from converted
)

select * from final
