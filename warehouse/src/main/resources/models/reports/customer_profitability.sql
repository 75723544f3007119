-- R8 Profitability per customer: per close month and account, revenue from won deals (amount_rc, so it reconciles
-- with total sales), the cost of goods of the deals whose cost is known (core.won_line_profit: every line has a
-- unit cost) and gross profit = revenue_with_cost_rc - cogs_rc over those deals only; deals without line items or
-- with a product without unit cost are counted in orders_without_cost and leave their revenue out of gross profit
-- (cost_status 'no cost data' when no deal of the row has a cost, 'partial' when some have). Margin is
-- gross_profit_rc / revenue_with_cost_rc; cost coverage is revenue_with_cost_rc / revenue_rc. Lifetime columns
-- (first and last purchase, lifetime orders, is_repeat) are per customer over all months. A customer is counted once
-- across CRMs and duplicate records: account_id is the canonical account (core.account_identity via deal_enriched),
-- else the deal's own account (e.g. a deleted one), else 'unknown'.
-- grain: one row per (period_start, period_grain, account_id, source_system)
-- unique: period_start, period_grain, account_id, source_system
-- incremental by key account_id: select coalesce(canonical_account_id, account_id, 'unknown') from core.deal_enriched where deal_id in (select deal_id from changed_deal)
-- not_null: period_start, period_grain, account_id, source_system
-- accepted_values: period_grain in ('month')
-- test gross_profit_is_revenue_minus_cogs: select * from reports.customer_profitability where gross_profit_rc is distinct from (case when orders_with_cost > 0 then revenue_with_cost_rc - cogs_rc end)
-- test revenue_reconciles_to_total_sales: select * from (select coalesce(sum(revenue_rc), 0) as r from reports.customer_profitability) p where p.r <> (select coalesce(sum(won_amount_rc), 0) from reports.total_sales)

with

enriched_deals as (
    select * from core.deal_enriched
),

won_line_profit as (
    select * from core.won_line_profit
),

deal_costs as (
    select
        deal_id,
        count(*) as lines,
        bool_and(cost_known) as all_costs_known,
        sum(line_cost_rc) as cogs_rc
    from won_line_profit
    group by deal_id
),

won_deals as (
    select
        d.deal_id,
        d.source_system,
        coalesce(d.canonical_account_id, d.account_id, 'unknown') as account_id,
        d.account_name,
        d.close_date,
        d.close_month as period_start,
        d.amount_rc,
        coalesce(c.all_costs_known, false) and d.amount_rc is not null as cost_known,
        c.cogs_rc
    from enriched_deals as d
    left join deal_costs as c on c.deal_id = d.deal_id
    where d.status = 'won'
      and d.close_date is not null
      and ${in_slice(coalesce(d.canonical_account_id, d.account_id, 'unknown'))}
),

monthly as (
    select
        period_start,
        account_id,
        source_system,
        min(account_name) as account_name, -- the merged records' names may differ: the same one in every build
        count(*) as orders,
        cast(sum(amount_rc) as decimal(18,2)) as revenue_rc,
        count(*) filter (where cost_known) as orders_with_cost,
        count(*) filter (where not cost_known) as orders_without_cost,
        cast(coalesce(sum(amount_rc) filter (where cost_known), 0) as decimal(18,2)) as revenue_with_cost_rc,
        cast(coalesce(sum(cogs_rc) filter (where cost_known), 0) as decimal(18,2)) as cogs_rc,
        min(close_date) as first_close_date,
        max(close_date) as last_close_date
    from won_deals
    group by all
),

-- Speed: from the months (fewer rows than the deals, which are then read once)
lifetime as (
    select
        account_id,
        source_system,
        min(first_close_date) as first_purchase_date,
        max(last_close_date) as last_purchase_date,
        cast(sum(orders) as bigint) as lifetime_orders
    from monthly
    group by all
),

final as (
    select
        m.period_start,
        'month' as period_grain,
        m.account_id,
        m.source_system,
        m.account_name,
        m.orders,
        m.revenue_rc,
        m.orders_with_cost,
        m.orders_without_cost,
        m.revenue_with_cost_rc,
        m.cogs_rc,
        case when m.orders_with_cost > 0 then m.revenue_with_cost_rc - m.cogs_rc end as gross_profit_rc,
        case
            when m.orders_with_cost = 0 then 'no cost data'
            when m.orders_without_cost > 0 then 'partial'
            else 'complete'
        end as cost_status,
        l.first_purchase_date,
        l.last_purchase_date,
        l.lifetime_orders,
        l.lifetime_orders >= 2 as is_repeat
    from monthly as m
    join lifetime as l
        on l.account_id = m.account_id
        and l.source_system = m.source_system
)

select * from final
