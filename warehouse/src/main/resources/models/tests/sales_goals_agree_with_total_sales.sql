-- R6 ↔ R5: the revenue actual of every monthly owner goal whose month has ended equals the owner's won amount in
-- reports.total_sales for that month. Returns the goals that disagree.
with

owner_month_goals as (
    select goal_id, owner_id, period_start, actual_to_date
    from reports.sales_goals
    where metric = 'revenue'
      and assignee_type = 'owner'
      and period_grain = 'month'
      and period_end < as_of_date
),

sales as (
    select owner_id, period_start, coalesce(sum(won_amount_rc), 0) as won_amount_rc
    from reports.total_sales
    where period_grain = 'month'
    group by owner_id, period_start
),

final as (
    select g.*, s.won_amount_rc as total_sales_won_amount_rc
    from owner_month_goals as g
    left join sales as s on s.owner_id = g.owner_id and s.period_start = g.period_start
    where g.actual_to_date <> coalesce(s.won_amount_rc, 0)
)

select * from final
