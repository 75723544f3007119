-- Monthly ↔ R5: per month, monthly_summary revenue and orders equal reports.total_sales won amount and won deals.
with

summary as (
    select period_start, sum(revenue_rc) as revenue_rc, sum(orders) as orders
    from reports.monthly_summary
    group by period_start
),

sales as (
    select period_start, coalesce(sum(won_amount_rc), 0) as won_amount_rc, sum(won_deals) as won_deals
    from reports.total_sales
    where period_grain = 'month'
    group by period_start
),

final as (
    select
        coalesce(m.period_start, s.period_start) as period_start,
        m.revenue_rc,
        s.won_amount_rc,
        m.orders,
        s.won_deals
    from summary as m
    full join sales as s on s.period_start = m.period_start
    where coalesce(m.revenue_rc, 0) <> coalesce(s.won_amount_rc, 0)
       or coalesce(m.orders, 0) <> coalesce(s.won_deals, 0)
)

select * from final
