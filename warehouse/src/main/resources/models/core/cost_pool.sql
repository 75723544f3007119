-- Overhead cost pools from the reference file cost_pools.csv (config/reference): per month, a pool amount and the
-- driver that allocates it to products (units = units sold, tickets = support tickets, revenue = line revenue).
-- Converted to the reporting currency at the pool month's rate of core.fx_rate_daily (fx_rates.csv, else any CRM's); no rate -> amount_rc null and
-- fx_missing = true (the allocation then leaves the pool out and the offering report flags it).
-- grain: one row per (period_start, pool)
-- unique: period_start, pool
-- test driver_is_known: select * from core.cost_pool where driver not in ('units', 'tickets', 'revenue')
-- test amount_is_not_negative: select * from core.cost_pool where amount < 0

with

reference_pools as (
    select
        try_cast(fields[1] as date) as period_start,
        fields[2] as pool,
        try_cast(fields[3] as decimal(18,2)) as amount,
        fields[4] as currency,
        fields[5] as driver
    from reference_csv(${reference_dir} || '/cost_pools.csv')
),

fx_rates as (
    select * from core.fx_rate_daily
    where source_system = '*'
),

pools as (
    select
        cast(date_trunc('month', period_start) as date) as period_start,
        lower(trim(pool)) as pool,
        amount,
        upper(trim(currency)) as currency_code,
        lower(trim(driver)) as driver
    from reference_pools
),

pools_with_rate as (
    select
        p.*,
        case when p.currency_code = upper(${reporting_currency}) then 1 else r.rate_multiplier end as rate_multiplier,
        case when p.currency_code = upper(${reporting_currency}) then 1 else r.rate_divisor end as rate_divisor
    from pools as p
    left join fx_rates as r
        on r.from_currency = p.currency_code
        and r.rate_date = p.period_start
),

final as (
    select
        period_start,
        pool,
        driver,
        amount,
        currency_code,
        fx_convert(amount, rate_multiplier, rate_divisor) as amount_rc,
        rate_multiplier is null as fx_missing
    from pools_with_rate
)

select * from final
