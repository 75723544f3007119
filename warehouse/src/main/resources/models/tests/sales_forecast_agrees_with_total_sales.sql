-- R1 ↔ R5: per close month, the won amount and won deal count of reports.sales_forecast (month rows) equal
-- reports.total_sales. Returns the months that disagree.
with

forecast_months as (
    select
        period_start,
        sum(closed_amount_rc) as won_amount_rc,
        sum(won_deals) as won_deals
    from reports.sales_forecast
    where period_grain = 'month'
      and won_deals > 0
    group by period_start
),

sales_months as (
    select
        period_start,
        coalesce(sum(won_amount_rc), 0) as won_amount_rc,
        sum(won_deals) as won_deals
    from reports.total_sales
    where period_grain = 'month'
    group by period_start
),

final as (
    select
        coalesce(f.period_start, s.period_start) as period_start,
        f.won_amount_rc as forecast_won_amount_rc,
        s.won_amount_rc as total_sales_won_amount_rc,
        f.won_deals as forecast_won_deals,
        s.won_deals as total_sales_won_deals
    from forecast_months as f
    full join sales_months as s on s.period_start = f.period_start
    where coalesce(f.won_amount_rc, 0) <> coalesce(s.won_amount_rc, 0)
       or coalesce(f.won_deals, 0) <> coalesce(s.won_deals, 0)
)

select * from final
