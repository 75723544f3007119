-- The rate that converts an amount of from_currency into the reporting currency on rate_date, decided once for
-- every model that converts (deals, snapshots, line items, costs, goals). Precedence, first that has a rate valid
-- that day:
--   1. the user's fx_rates.csv (user_csv): a row for the pair on or before the day wins over every CRM;
--   2. the CRM's own rates, for source_system = that CRM source (its dated rates before its undated ones:
--      Salesforce DatedConversionRate before CurrencyType);
--   3. another CRM's rates for that day (CRM sources in name order);
--   else no row: the amount is flagged fx_missing, never converted 1:1.
-- source_system '*' is the choice for amounts that belong to no CRM (campaign costs, cost pools, goals, product
-- costs): steps 1 and 3. A CRM source has rows only when it has rates of its own; its amounts use '*' otherwise.
-- Days span from the first dated rate (or the calendar's first day) to the calendar's last day.
-- The home-currency amounts a CRM computes itself (HubSpot, Zoho) are a deal's, not a day's: core.deal_enriched
-- uses them between steps 1 and 2.
-- grain: one row per (source_system, from_currency, rate_date)
-- unique: source_system, from_currency, rate_date
-- test rate_is_positive: select * from core.fx_rate_daily where rate_multiplier <= 0 or rate_divisor <= 0

with

rates as (
    select * from core.fx_rate
),

calendar as (
    select * from core.calendar
),

span as (
    select
        least(min(c.date_day), (select min(valid_from) from rates where valid_from > date '1900-01-01')) as first_day,
        max(c.date_day) as last_day
    from calendar as c
),

days as (
    select cast(unnest(generate_series(first_day, last_day, interval 1 day)) as date) as rate_date
    from span
    where first_day is not null
),

crm_sources as (
    select distinct source_system
    from rates
    where rate_kind <> 'user_csv'
),

scopes as (
    select source_system as scope from crm_sources
    union all
    select '*'
),

rate_days as (
    select
        d.rate_date,
        r.*,
        case r.rate_kind when 'salesforce_currency_type' then 2 else 1 end as kind_order
    from rates as r
    join days as d
        on d.rate_date >= r.valid_from
        and d.rate_date < r.valid_to
),

candidates as (
    select
        s.scope,
        r.*,
        case
            when r.rate_kind = 'user_csv' then 1
            when r.source_system = s.scope then 2
            else 3
        end as precedence
    from scopes as s
    join rate_days as r on true
),

chosen as (
    select *
    from candidates
    qualify row_number() over (
        partition by scope, from_currency, rate_date
        order by precedence, source_system, kind_order, rate_kind, valid_from desc) = 1
),

final as (
    select
        scope as source_system,
        from_currency,
        to_currency,
        rate_date,
        rate_multiplier,
        rate_divisor,
        rate,
        rate_kind as fx_rate_source,
        source_system as fx_rate_source_system,
        case when valid_from > date '0001-01-01' then valid_from end as fx_rate_valid_from
    from chosen
)

select * from final
