-- R8 Cohort retention: customers grouped by the month of their first MRR (cohort_month, core.subscription_month),
-- followed month by month through the as-of month. Per cohort and months_since_start (0 = the cohort month):
-- cohort_customers and cohort_mrr_rc (the cohort's size and MRR in its first month), customers_retained (cohort
-- customers with MRR in period_start, reactivated ones included) and mrr_retained_rc (their MRR then, expansion
-- included). Rates as num / den, summed before dividing, so a roll-up by months_since_start averages the cohorts by
-- weight: logo_retention_rate = customers_retained / cohort_customers; revenue_retention_rate (net MRR retention) =
-- mrr_retained_rc / cohort_mrr_rc.
-- grain: one row per (cohort_month, months_since_start)
-- unique: cohort_month, months_since_start
-- not_null: cohort_month, months_since_start, period_start, cohort_customers, customers_retained
-- test retained_at_most_cohort: select * from reports.mrr_cohort_retention where customers_retained > cohort_customers
-- test month_zero_retains_everyone: select * from reports.mrr_cohort_retention where months_since_start = 0 and (customers_retained <> cohort_customers or mrr_retained_rc <> cohort_mrr_rc)

with

subscription_months as (
    select * from core.subscription_month
),

first_months as (
    select
        account_id,
        min(period_start) as cohort_month
    from subscription_months
    group by account_id
),

cohorts as (
    select
        f.cohort_month,
        count(*) as cohort_customers,
        cast(sum(s.mrr_rc) as decimal(18,2)) as cohort_mrr_rc
    from first_months as f
    join subscription_months as s
        on s.account_id = f.account_id
        and s.period_start = f.cohort_month
    group by f.cohort_month
),

cohort_periods as (
    select
        cohort_month,
        cohort_customers,
        cohort_mrr_rc,
        cast(unnest(generate_series(cohort_month, date_trunc('month', cast(${as_of_date} as date)), interval 1 month))
            as date) as period_start
    from cohorts
),

retained as (
    select
        f.cohort_month,
        s.period_start,
        count(*) as customers_retained,
        cast(sum(s.mrr_rc) as decimal(18,2)) as mrr_retained_rc
    from first_months as f
    join subscription_months as s on s.account_id = f.account_id
    group by f.cohort_month, s.period_start
),

final as (
    select
        c.cohort_month,
        cast(date_diff('month', c.cohort_month, c.period_start) as integer) as months_since_start,
        c.period_start,
        c.cohort_customers,
        c.cohort_mrr_rc,
        coalesce(r.customers_retained, 0) as customers_retained,
        coalesce(r.mrr_retained_rc, 0) as mrr_retained_rc,
        cast(coalesce(r.customers_retained, 0) as double) / c.cohort_customers as logo_retention_rate,
        cast(coalesce(r.mrr_retained_rc, 0) as double) / cast(c.cohort_mrr_rc as double) as revenue_retention_rate
    from cohort_periods as c
    left join retained as r
        on r.cohort_month = c.cohort_month
        and r.period_start = c.period_start
)

select * from final
