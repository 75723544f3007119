-- R5 invariant: per month, total_sales' won amount equals the won deals' amount_rc in core.deal_enriched,
-- and its deal count equals the number of won deals. Returns the months that disagree.
with

report_months as (
    select
        period_start,
        sum(won_amount_rc) as won_amount_rc,
        sum(won_deals) as won_deals
    from reports.total_sales
    where period_grain = 'month'
    group by period_start
),

deal_months as (
    select
        close_month as period_start,
        sum(amount_rc) as won_amount_rc,
        count(*) as won_deals
    from core.deal_enriched
    where status = 'won'
      and close_date is not null
    group by close_month
),

final as (
    select
        coalesce(r.period_start, d.period_start) as period_start,
        r.won_amount_rc as report_won_amount_rc,
        d.won_amount_rc as deals_won_amount_rc,
        r.won_deals as report_won_deals,
        d.won_deals as deals_won_deals
    from report_months as r
    full join deal_months as d on d.period_start = r.period_start
    where coalesce(r.won_amount_rc, 0) <> coalesce(d.won_amount_rc, 0)
       or coalesce(r.won_deals, 0) <> coalesce(d.won_deals, 0)
)

select * from final
