-- Where two CRMs disagree on a rate: for each pair into the reporting currency, the calendar days on which two CRM
-- sources' own rates (each source's preferred kind that day, as core.fx_rate_daily would pick it for its deals)
-- differ by more than 0.5 % of the lower one. A warning, not a failure: each deal keeps its own CRM's rate, but
-- consolidated figures mix the two. One row per disagreeing pair of rates, with the days they cover.
-- grain: one row per (from_currency, source_a, source_b, rate_a, rate_b)
-- warn crms_disagree_on_a_rate: select from_currency, to_currency, source_a, rate_kind_a, rate_a, source_b, rate_kind_b, rate_b, difference_pct, first_day, last_day, days from core.fx_rate_disagreement order by first_day, from_currency

with

rates as (
    select * from core.fx_rate
    where rate_kind <> 'user_csv'
),

calendar as (
    select * from core.calendar
),

own_rates as (
    select
        c.date_day,
        r.source_system,
        r.rate_kind,
        r.from_currency,
        r.to_currency,
        r.rate_multiplier,
        r.rate_divisor
    from rates as r
    join calendar as c
        on c.date_day >= r.valid_from
        and c.date_day < r.valid_to
    qualify row_number() over (
        partition by r.source_system, r.from_currency, c.date_day
        order by case r.rate_kind when 'salesforce_currency_type' then 2 else 1 end, r.rate_kind, r.valid_from desc) = 1
),

disagreeing_days as (
    select
        a.date_day,
        a.from_currency,
        a.to_currency,
        a.source_system as source_a,
        a.rate_kind as rate_kind_a,
        cast(a.rate_multiplier / a.rate_divisor as decimal(18,8)) as rate_a,
        b.source_system as source_b,
        b.rate_kind as rate_kind_b,
        cast(b.rate_multiplier / b.rate_divisor as decimal(18,8)) as rate_b
    from own_rates as a
    join own_rates as b
        on b.from_currency = a.from_currency
        and b.date_day = a.date_day
        and b.source_system > a.source_system
    where abs(a.rate_multiplier * b.rate_divisor - b.rate_multiplier * a.rate_divisor)
        > 0.005 * least(a.rate_multiplier * b.rate_divisor, b.rate_multiplier * a.rate_divisor)
),

final as (
    select
        from_currency,
        to_currency,
        source_a,
        rate_kind_a,
        rate_a,
        source_b,
        rate_kind_b,
        rate_b,
        cast(round(100 * abs(rate_a - rate_b) / least(rate_a, rate_b), 2) as decimal(9,2)) as difference_pct,
        min(date_day) as first_day,
        max(date_day) as last_day,
        count(*) as days
    from disagreeing_days
    group by all
)

select * from final
