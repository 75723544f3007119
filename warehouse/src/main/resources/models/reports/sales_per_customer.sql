-- Sales per Customer: won deals and revenue per customer per month and per year (close date, decision §8.1), how
-- many of the period's buying customers are repeat buyers, and the time between purchases. A customer is counted once
-- across CRMs and duplicate records: the canonical account of core.account_identity (through core.deal_enriched);
-- source_system is the CRM of that canonical record, account_name its name. A purchase is a won deal. Per row:
--   won_deals, won_amount_rc (amount_rc, so it reconciles with total sales; deals without a converted amount are
--   counted in won_deals_without_amount); customers = 1 (the customer bought in the period); new_customers = 1 when
--   its first purchase ever is in the period; repeat_customers = 1 when it has made 2 or more purchases by the end of
--   the period; repeat_purchase_rate = repeat_customers / customers;
--   purchase_gap_days = the days from each purchase in the period back to the customer's previous one (two on one day:
--   0), purchase_gaps = how many such gaps; days_between_purchases = purchase_gap_days / purchase_gaps.
-- Ratios are stored as numerator + denominator: recompute them from the sums. Summed across periods, customers counts
-- customer-periods (a customer buying in three months counts three times): compare periods, or use the year rows
-- (period_grain 'year') for distinct customers in a year. Won deals without a live account are on an 'unknown' row of
-- their own CRM, with no customer counted.
-- grain: one row per (period_start, period_grain, account_id, source_system)
-- unique: period_start, period_grain, account_id, source_system
-- incremental by key account_id: select coalesce(canonical_account_id, 'unknown') from core.deal_enriched where deal_id in (select deal_id from changed_deal)
-- not_null: period_start, period_grain, account_id, account_name, source_system, first_purchase_date, last_purchase_date
-- accepted_values: period_grain in ('month', 'year')
-- relationships: account_id -> core.account_identity.account_id except ('unknown')
-- test repeat_and_new_within_customers: select * from reports.sales_per_customer where repeat_customers > customers or new_customers > customers or customers > 1 or (account_id = 'unknown') <> (customers = 0)
-- test every_purchase_but_the_first_has_a_gap: select * from reports.sales_per_customer where account_id <> 'unknown' and purchase_gaps <> won_deals - new_customers
-- test months_add_up_to_years: select y.period_start, y.account_id, y.won_deals, m.won_deals from reports.sales_per_customer y join (select date_trunc('year', period_start) as year_start, account_id, source_system, sum(won_deals) as won_deals from reports.sales_per_customer where period_grain = 'month' group by all) m on m.year_start = y.period_start and m.account_id = y.account_id and m.source_system = y.source_system where y.period_grain = 'year' and y.won_deals <> m.won_deals
-- test revenue_reconciles_to_total_sales: select * from (select coalesce(sum(won_amount_rc), 0) as r from reports.sales_per_customer where period_grain = 'month') p where p.r <> (select coalesce(sum(won_amount_rc), 0) from reports.total_sales)

with

enriched_deals as (
    select * from core.deal_enriched
),

account_identity as (
    select * from core.account_identity
),

period_grains as (
    select unnest(['month', 'year']) as period_grain
),

won_deals as (
    select
        d.deal_id,
        coalesce(d.canonical_account_id, 'unknown') as account_id,
        d.source_system,
        d.close_date,
        d.amount_rc
    from enriched_deals as d
    where d.status = 'won'
      and d.close_date is not null
      and ${in_slice(coalesce(d.canonical_account_id, 'unknown'))}
),

purchases as (
    select
        deal_id,
        account_id,
        close_date,
        amount_rc,
        row_number() over customer_purchases as purchase_number,
        close_date - lag(close_date) over customer_purchases as gap_days,
        min(close_date) over (partition by account_id) as first_purchase_date
    from won_deals
    where account_id <> 'unknown'
    window customer_purchases as (partition by account_id order by close_date, deal_id)
),

customer_periods as (
    select
        cast(date_trunc(g.period_grain, p.close_date) as date) as period_start,
        g.period_grain,
        p.account_id,
        count(*) as won_deals,
        sum(p.amount_rc) as won_amount_rc,
        count(*) filter (where p.amount_rc is null) as won_deals_without_amount,
        1 as customers,
        case when min(p.purchase_number) = 1 then 1 else 0 end as new_customers,
        case when max(p.purchase_number) >= 2 then 1 else 0 end as repeat_customers,
        coalesce(sum(p.gap_days), 0) as purchase_gap_days,
        count(p.gap_days) as purchase_gaps,
        min(p.first_purchase_date) as first_purchase_date,
        max(p.close_date) as last_purchase_date
    from purchases as p
    cross join period_grains as g
    group by all
),

customer_rows as (
    select
        c.period_start,
        c.period_grain,
        c.account_id,
        coalesce(a.name, c.account_id) as account_name,
        a.source_system,
        c.won_deals,
        c.won_amount_rc,
        c.won_deals_without_amount,
        c.customers,
        c.new_customers,
        c.repeat_customers,
        c.purchase_gap_days,
        c.purchase_gaps,
        c.first_purchase_date,
        c.last_purchase_date
    from customer_periods as c
    join account_identity as a on a.account_id = c.account_id
),

unattributed_rows as (
    select
        cast(date_trunc(g.period_grain, w.close_date) as date) as period_start,
        g.period_grain,
        'unknown' as account_id,
        'unknown' as account_name,
        w.source_system,
        count(*) as won_deals,
        sum(w.amount_rc) as won_amount_rc,
        count(*) filter (where w.amount_rc is null) as won_deals_without_amount,
        0 as customers,
        0 as new_customers,
        0 as repeat_customers,
        0 as purchase_gap_days,
        0 as purchase_gaps,
        min(w.close_date) as first_purchase_date,
        max(w.close_date) as last_purchase_date
    from won_deals as w
    cross join period_grains as g
    where w.account_id = 'unknown'
    group by all
),

combined as (
    select * from customer_rows
    union all
    select * from unattributed_rows
),

final as (
    select
        period_start,
        period_grain,
        account_id,
        account_name,
        source_system,
        cast(won_deals as bigint) as won_deals,
        cast(coalesce(won_amount_rc, 0) as decimal(18,2)) as won_amount_rc,
        cast(won_deals_without_amount as bigint) as won_deals_without_amount,
        cast(customers as bigint) as customers,
        cast(new_customers as bigint) as new_customers,
        cast(repeat_customers as bigint) as repeat_customers,
        cast(repeat_customers as double) / nullif(customers, 0) as repeat_purchase_rate,
        cast(purchase_gap_days as bigint) as purchase_gap_days,
        cast(purchase_gaps as bigint) as purchase_gaps,
        cast(purchase_gap_days as double) / nullif(purchase_gaps, 0) as days_between_purchases,
        first_purchase_date,
        last_purchase_date
    from combined
)

select * from final
