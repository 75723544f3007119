-- R8 MRR movements: per month and customer, the MRR at the start of the month (the previous month's MRR), at its
-- end, and the movement between them (core.subscription_month: recurring line items of won deals, monthly amount in
-- the reporting currency). One movement per customer-month (movement_type):
--   new          no MRR last month and never before, MRR now           new_mrr_rc = closing
--   reactivated  no MRR last month but some earlier month, MRR now      reactivated_mrr_rc = closing
--   expansion    MRR last month and more now                         expansion_mrr_rc = closing - opening
--   contraction  MRR last month and less (but some) now              contraction_mrr_rc = opening - closing
--   churned      MRR last month, none now                            churned_mrr_rc = opening
--   unchanged    the same MRR both months
-- so closing = opening + new + reactivated + expansion - contraction - churned, to the cent, for every row and every
-- roll-up. customers_opening / customers_closing are 1 when the customer had MRR at the start / end; customers_new,
-- customers_reactivated, customers_churned count the movements. Rates (num / den, summed before dividing):
-- logo_churn_rate = customers_churned / customers_opening; revenue_churn_rate = churned_mrr_rc / opening_mrr_rc (gross
-- MRR churn of lost customers); net_mrr_churn_rate = net_mrr_churn_rc / opening_mrr_rc with net_mrr_churn_rc =
-- churned + contraction - expansion - reactivated (negative: net expansion). Months run from the customer's first MRR
-- to the as-of month; the month after a customer's last MRR is its churned row.
-- grain: one row per (period_start, period_grain, account_id)
-- unique: period_start, period_grain, account_id
-- incremental by key account_id: select coalesce(canonical_account_id, account_id, 'unknown') from core.deal_enriched where deal_id in (select deal_id from changed_deal)
-- not_null: period_start, period_grain, account_id, movement_type, opening_mrr_rc, closing_mrr_rc
-- accepted_values: period_grain in ('month')
-- accepted_values: movement_type in ('new', 'reactivated', 'expansion', 'contraction', 'churned', 'unchanged')
-- test opening_plus_movements_is_closing: select * from reports.mrr_movements where opening_mrr_rc + new_mrr_rc + reactivated_mrr_rc + expansion_mrr_rc - contraction_mrr_rc - churned_mrr_rc <> closing_mrr_rc
-- test opening_is_previous_closing: select m.* from reports.mrr_movements m left join reports.mrr_movements p on p.account_id = m.account_id and p.period_start = m.period_start - interval 1 month where m.opening_mrr_rc <> coalesce(p.closing_mrr_rc, 0)
-- test churned_at_most_opening: select * from reports.mrr_movements where churned_mrr_rc + contraction_mrr_rc > opening_mrr_rc
-- test closing_is_subscription_mrr: select * from (select coalesce(sum(closing_mrr_rc), 0) as m from reports.mrr_movements) r where r.m <> (select coalesce(sum(mrr_rc), 0) from core.subscription_month)

with

subscription_months as (
    select * from core.subscription_month
    where ${in_slice(account_id)}
),

-- Speed: a customer's months with MRR are exactly its rows of core.subscription_month, and the only other rows are the
-- churned months (the month after a run of MRR months, up to the as-of month), so one window pass over the
-- subscription rows gives every row without a customer-by-month grid or a join back to the subscriptions.
subscription_runs as (
    select
        period_start,
        account_id,
        mrr_rc,
        arg_max(account_name, period_start) over (partition by account_id) as account_name,
        arg_max(source_system, period_start) over (partition by account_id) as source_system,
        lag(period_start) over by_month as previous_period,
        lag(mrr_rc) over by_month as previous_mrr_rc,
        lead(period_start) over by_month as next_period
    from subscription_months
    window by_month as (partition by account_id order by period_start)
),

customer_months as (
    select
        period_start,
        account_id,
        account_name,
        source_system,
        mrr_rc as closing_mrr_rc,
        case when previous_period = cast(period_start - interval 1 month as date) then previous_mrr_rc else 0 end
            as opening_mrr_rc,
        previous_period is not null as seen_before
    from subscription_runs
    union all
    select
        cast(period_start + interval 1 month as date) as period_start,
        account_id,
        account_name,
        source_system,
        0 as closing_mrr_rc,
        mrr_rc as opening_mrr_rc,
        true as seen_before
    from subscription_runs
    where (next_period is null or next_period > cast(period_start + interval 1 month as date))
      and period_start < date_trunc('month', cast(${as_of_date} as date))
),

classified as (
    select
        *,
        case
            when opening_mrr_rc = 0 and not seen_before then 'new'
            when opening_mrr_rc = 0 then 'reactivated'
            when closing_mrr_rc = 0 then 'churned'
            when closing_mrr_rc > opening_mrr_rc then 'expansion'
            when closing_mrr_rc < opening_mrr_rc then 'contraction'
            else 'unchanged'
        end as movement_type
    from customer_months
    where opening_mrr_rc > 0 or closing_mrr_rc > 0
),

final as (
    select
        period_start,
        'month' as period_grain,
        account_id,
        account_name,
        source_system,
        movement_type,
        opening_mrr_rc,
        case when movement_type = 'new' then closing_mrr_rc else 0 end as new_mrr_rc,
        case when movement_type = 'reactivated' then closing_mrr_rc else 0 end as reactivated_mrr_rc,
        case when movement_type = 'expansion' then closing_mrr_rc - opening_mrr_rc else 0 end as expansion_mrr_rc,
        case when movement_type = 'contraction' then opening_mrr_rc - closing_mrr_rc else 0 end as contraction_mrr_rc,
        case when movement_type = 'churned' then opening_mrr_rc else 0 end as churned_mrr_rc,
        closing_mrr_rc,
        case when opening_mrr_rc > 0 then 1 else 0 end as customers_opening,
        case when closing_mrr_rc > 0 then 1 else 0 end as customers_closing,
        case when movement_type = 'new' then 1 else 0 end as customers_new,
        case when movement_type = 'reactivated' then 1 else 0 end as customers_reactivated,
        case when movement_type = 'churned' then 1 else 0 end as customers_churned,
        case when movement_type = 'churned' then opening_mrr_rc else 0 end
            + case when movement_type = 'contraction' then opening_mrr_rc - closing_mrr_rc else 0 end
            - case when movement_type = 'expansion' then closing_mrr_rc - opening_mrr_rc else 0 end
            - case when movement_type = 'reactivated' then closing_mrr_rc else 0 end as net_mrr_churn_rc,
        case when opening_mrr_rc > 0
            then cast(movement_type = 'churned' as integer) end as logo_churn_rate,
        case when opening_mrr_rc > 0
            then cast(case when movement_type = 'churned' then 1.0 else 0.0 end as double) end as revenue_churn_rate,
        case when opening_mrr_rc > 0
            then cast((case when movement_type = 'churned' then opening_mrr_rc else 0 end
                + case when movement_type = 'contraction' then opening_mrr_rc - closing_mrr_rc else 0 end
                - case when movement_type = 'expansion' then closing_mrr_rc - opening_mrr_rc else 0 end)
                as double) / cast(opening_mrr_rc as double) end as net_mrr_churn_rate
    from classified
)

select * from final
