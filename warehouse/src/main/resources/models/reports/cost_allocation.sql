-- R10 allocation detail: each month's overhead pools (config/reference/cost_pools.csv, core.cost_pool) allocated to
-- the products active that month by the pool's driver: units (units sold on won deals), tickets (support tickets
-- opened) or revenue (won line revenue). A product's share is its driver value over the month's total; the amount
-- is allocated in whole cents, each product getting floor(pool x value / total) and the cents left over going to the
-- product with the largest value (ties: lowest product_id), so the allocation is exhaustive to the cent. A driver
-- total of 0 falls back to revenue share (driver_used says which); a month with no active product puts the whole
-- pool on product 'unallocated'. Pools whose currency has no rate are left out (core.cost_pool.fx_missing).
-- grain: one row per (period_start, cost_pool, product_id)
-- unique: period_start, cost_pool, product_id
-- not_null: period_start, period_grain, cost_pool, product_id
-- accepted_values: period_grain in ('month')
-- test shares_sum_to_one: select period_start, cost_pool, sum(driver_share) as s from reports.cost_allocation group by all having abs(sum(driver_share) - 1) > 1e-9
-- test allocation_is_exhaustive: select p.period_start, p.pool, p.amount_rc, a.allocated from core.cost_pool p left join (select period_start, cost_pool, sum(allocated_amount_rc) as allocated from reports.cost_allocation group by all) a on a.period_start = p.period_start and a.cost_pool = p.pool where p.amount_rc is not null and a.allocated is distinct from p.amount_rc

with

cost_pools as (
    select * from core.cost_pool
    where amount_rc is not null
),

won_line_profit as (
    select * from core.won_line_profit
),

tickets as (
    select * from core.ticket
),

product_units as (
    select
        period_start,
        product_id,
        cast(round(sum(quantity) * 10000) as hugeint) as units_value,
        cast(round(sum(line_revenue_rc) * 100) as hugeint) as revenue_value
    from won_line_profit
    group by all
),

product_tickets as (
    select
        cast(date_trunc('month', timezone(${reporting_time_zone}, created_at)) as date) as period_start,
        product_id,
        cast(count(*) as hugeint) as tickets_value
    from tickets
    where not is_deleted
      and created_at is not null
      and product_id is not null
    group by all
),

product_drivers as (
    select
        coalesce(u.period_start, t.period_start) as period_start,
        coalesce(u.product_id, t.product_id) as product_id,
        coalesce(u.units_value, 0) as units_value,
        coalesce(u.revenue_value, 0) as revenue_value,
        coalesce(t.tickets_value, 0) as tickets_value
    from product_units as u
    full join product_tickets as t
        on t.period_start = u.period_start
        and t.product_id = u.product_id
),

pool_products as (
    select
        p.period_start,
        p.pool,
        p.driver,
        cast(round(p.amount_rc * 100) as hugeint) as pool_cents,
        coalesce(d.product_id, 'unallocated') as product_id,
        case p.driver
            when 'units' then coalesce(d.units_value, 0)
            when 'tickets' then coalesce(d.tickets_value, 0)
            else coalesce(d.revenue_value, 0)
        end as driver_value,
        coalesce(d.revenue_value, 0) as revenue_value
    from cost_pools as p
    left join product_drivers as d on d.period_start = p.period_start
),

pool_totals as (
    select
        *,
        sum(driver_value) over (partition by period_start, pool) as driver_total,
        sum(revenue_value) over (partition by period_start, pool) as revenue_total
    from pool_products
),

effective_drivers as (
    select
        period_start,
        pool,
        driver,
        pool_cents,
        product_id,
        case
            when driver_total > 0 then driver
            when revenue_total > 0 then 'revenue'
            else 'none'
        end as driver_used,
        case
            when driver_total > 0 then driver_value
            when revenue_total > 0 then revenue_value
            else cast(1 as hugeint)
        end as value,
        case
            when driver_total > 0 then driver_total
            when revenue_total > 0 then revenue_total
            else count(*) over (partition by period_start, pool)
        end as total
    from pool_totals
),

floored as (
    select
        *,
        pool_cents * value // total as floor_cents,
        row_number() over (partition by period_start, pool order by value desc, product_id) as rank_by_value
    from effective_drivers
),

with_remainder as (
    select
        *,
        floor_cents + case
            when rank_by_value = 1 then pool_cents - sum(floor_cents) over (partition by period_start, pool)
            else 0
        end as allocated_cents
    from floored
),

final as (
    select
        period_start,
        'month' as period_grain,
        pool as cost_pool,
        product_id,
        driver,
        driver_used,
        cast(value as double) as driver_value,
        cast(value as double) / cast(total as double) as driver_share,
        cast(cast(allocated_cents as decimal(38,0)) * 0.01 as decimal(18,2)) as allocated_amount_rc
    from with_remainder
)

select * from final
