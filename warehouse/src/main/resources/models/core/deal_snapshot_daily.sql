-- One row per day and live deal from the day it entered its first stage until it closed (the closing day
-- included) or until as_of_date while open: the deal's stage, status, probability and forecast category that day,
-- and its amount converted at that day's rate for the deal's source (core.fx_rate_daily). A VIEW over the compact
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

fx_days as (
    select * from core.fx_rate_daily
),

rated_sources as (
    select distinct source_system from fx_days where source_system <> '*'
),

deal_days as (
    select
        c.date_day as as_of_date,
        i.*
    from intervals as i
    join calendar as c on c.date_day between i.valid_from and i.valid_to
),

-- the rate of each day for the deal's source (core.fx_rate_daily: fx_rates.csv, else its own CRM's, else another's),
-- joined by equality: a range join would sort every deal-day
converted as (
    select
        x.*,
        case when x.currency_code = upper(${reporting_currency}) then 1 else r.rate_multiplier end as rate_multiplier,
        case when x.currency_code = upper(${reporting_currency}) then 1 else r.rate_divisor end as rate_divisor
    from deal_days as x
    left join rated_sources as s on s.source_system = x.source_system
    left join fx_days as r
        on r.source_system = coalesce(s.source_system, '*')
        and r.from_currency = x.currency_code
        and r.rate_date = x.as_of_date
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
        fx_convert(amount, rate_multiplier, rate_divisor) as amount_rc,
        amount is not null and rate_multiplier is null as fx_missing,
        close_date,
        owner_id
    from converted
)

select * from final
