-- R10 Most Profitable Service Offering: per month and product, revenue (won line revenue, plus an 'unallocated'
-- row for won deal amounts not covered by line items, so revenue reconciles with total sales), direct cost (units x
-- unit cost), gross profit, the overhead allocated to it (reports.cost_allocation) and net profit =
-- gross profit - allocated overhead. Where any line of the row has no unit cost (and on the 'unallocated' row)
-- direct cost and profits are null and has_cost_data is false ("no cost data"); allocated overhead is still shown.
-- Margins are numerator/denominator columns (gross_profit_rc or net_profit_rc over revenue_rc). Negative net profit
-- is a valid result. Revenue counts the same won deals as reports.total_sales: a won deal whose amount is unknown or
-- could not be converted (amount_rc null; total_sales leaves its won_amount_rc null) adds neither line revenue, units,
-- direct cost nor customers here, so revenue reconciles with total sales by construction.
-- grain: one row per (period_start, period_grain, product_id, source_system)
-- unique: period_start, period_grain, product_id, source_system
-- not_null: period_start, period_grain, product_id, source_system
-- accepted_values: period_grain in ('month')
-- test net_profit_is_gross_minus_overhead: select * from reports.offering_profitability where net_profit_rc is distinct from gross_profit_rc - allocated_overhead_rc
-- test overhead_reconciles_to_pools: select * from (select coalesce(sum(allocated_overhead_rc), 0) as a from reports.offering_profitability) o where o.a <> (select coalesce(sum(amount_rc), 0) from core.cost_pool)
-- test revenue_reconciles_to_total_sales: select * from (select coalesce(sum(revenue_rc), 0) as r from reports.offering_profitability) o where o.r <> (select coalesce(sum(won_amount_rc), 0) from reports.total_sales)

with

-- read by two steps: not materialized
won_line_profit as not materialized (
    select * from core.won_line_profit
),

-- read by three steps: not materialized (a million deals)
enriched_deals as not materialized (
    select * from core.deal_enriched
),

cost_allocation as (
    select * from reports.cost_allocation
),

products as (
    select * from core.product
),

tickets as (
    select * from core.ticket
),

-- the won deals with a close date (those core.won_line_profit has lines of) and a known converted amount:
-- total_sales counts no revenue for the others
counted_deals as (
    select deal_id, close_month, source_system, account_id, amount_rc
    from enriched_deals
    where status = 'won'
      and close_date is not null
      and amount_rc is not null
),

-- the line items of counted deals
counted_lines as (
    select l.*
    from won_line_profit as l
    where exists (
        select 1 from counted_deals as d where d.deal_id = l.deal_id
    )
),

product_lines as (
    select
        period_start,
        product_id,
        source_system,
        sum(quantity) as units,
        sum(line_revenue_rc) as revenue_rc,
        sum(line_cost_rc) as direct_cost_rc,
        bool_and(cost_known) as has_cost_data,
        count(distinct account_id) as customers
    from counted_lines
    group by all
),

-- per deal over all its lines (only counted deals read it): counted_lines is then read once, not materialized
deal_line_totals as (
    select
        deal_id,
        sum(line_revenue_rc) as line_revenue_rc
    from won_line_profit
    group by deal_id
),

unallocated_revenue as (
    select
        d.close_month as period_start,
        'unallocated' as product_id,
        d.source_system,
        cast(0 as decimal(38,4)) as units,
        sum(d.amount_rc - coalesce(t.line_revenue_rc, 0)) as revenue_rc,
        cast(null as decimal(38,2)) as direct_cost_rc,
        false as has_cost_data,
        count(distinct d.account_id) as customers
    from counted_deals as d
    left join deal_line_totals as t on t.deal_id = d.deal_id
    where (t.deal_id is null or d.amount_rc is distinct from t.line_revenue_rc)
    group by all
),

revenue_rows as (
    select * from product_lines
    union all
    select * from unallocated_revenue
),

overhead as (
    select
        period_start,
        product_id,
        sum(allocated_amount_rc) as allocated_overhead_rc
    from cost_allocation
    group by all
),

product_tickets as (
    select
        cast(date_trunc('month', timezone(${reporting_time_zone}, created_at)) as date) as period_start,
        product_id,
        count(*) as support_tickets
    from tickets
    where not is_deleted
      and created_at is not null
      and product_id is not null
    group by all
),

source_systems as (
    -- overhead pools are not per CRM: rows with only overhead take the one source system (or 'all')
    select case when count(distinct source_system) = 1 then any_value(source_system) else 'all' end as source_system
    from enriched_deals
),

keys as (
    select period_start, product_id, source_system from revenue_rows
    union
    select o.period_start, o.product_id, s.source_system
    from overhead as o
    cross join source_systems as s
    where not exists (
        select 1 from revenue_rows as r where r.period_start = o.period_start and r.product_id = o.product_id
    )
),

final as (
    select
        k.period_start,
        'month' as period_grain,
        k.product_id,
        k.source_system,
        case when k.product_id = 'unallocated' then 'Unallocated' else p.name end as product_name,
        coalesce(r.customers, 0) as customers,
        cast(coalesce(r.units, 0) as decimal(18,4)) as units,
        cast(coalesce(r.revenue_rc, 0) as decimal(18,2)) as revenue_rc,
        coalesce(r.has_cost_data, true) and k.product_id <> 'unallocated' as has_cost_data,
        cast(case when coalesce(r.has_cost_data, true) and k.product_id <> 'unallocated' then coalesce(r.direct_cost_rc, 0) end
            as decimal(18,2)) as direct_cost_rc,
        cast(case when coalesce(r.has_cost_data, true) and k.product_id <> 'unallocated'
            then coalesce(r.revenue_rc, 0) - coalesce(r.direct_cost_rc, 0) end as decimal(18,2)) as gross_profit_rc,
        cast(coalesce(o.allocated_overhead_rc, 0) as decimal(18,2)) as allocated_overhead_rc,
        cast(case when coalesce(r.has_cost_data, true) and k.product_id <> 'unallocated'
            then coalesce(r.revenue_rc, 0) - coalesce(r.direct_cost_rc, 0) - coalesce(o.allocated_overhead_rc, 0) end
            as decimal(18,2)) as net_profit_rc,
        coalesce(t.support_tickets, 0) as support_tickets
    from keys as k
    left join revenue_rows as r
        on r.period_start = k.period_start
        and r.product_id = k.product_id
        and r.source_system = k.source_system
    left join overhead as o
        on o.period_start = k.period_start
        and o.product_id = k.product_id
    left join products as p on p.product_id = k.product_id
    left join product_tickets as t
        on t.period_start = k.period_start
        and t.product_id = k.product_id
)

select * from final
