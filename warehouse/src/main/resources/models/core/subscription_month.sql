-- MRR per customer and month, from the recurring line items of won deals (decision §6: no billing system, MRR is
-- derived from the CRM). A recurring line (core.line_item.is_recurring; HubSpot recurringbillingfrequency) bills its
-- line amount every billing_period_months (monthly 1, quarterly 3, annually 12; unknown: 1), so its MRR is the line
-- amount converted at the deal's rate (a fixed rate for the whole term, so exchange-rate moves never show as
-- expansion) divided by billing_period_months, rounded to the cent per line. It is active from the deal's close month
-- for term_months months (HubSpot hs_recurring_billing_period); without a term it runs on through the as-of month.
-- Months after the as-of month are left out. A customer is the canonical account (core.account_identity through
-- core.deal_enriched), else the deal's own account, else 'unknown'.
-- grain: one row per (period_start, account_id)
-- unique: period_start, account_id
-- incremental by key account_id: select coalesce(canonical_account_id, account_id, 'unknown') from core.deal_enriched where deal_id in (select deal_id from changed_deal)
-- not_null: period_start, account_id, mrr_rc, subscriptions
-- test mrr_is_positive: select * from core.subscription_month where mrr_rc <= 0

with

enriched_deals as (
    select * from core.deal_enriched
),

line_items as (
    select * from core.line_item
),

recurring_lines as (
    select
        l.line_item_id,
        coalesce(d.canonical_account_id, d.account_id, 'unknown') as account_id,
        d.source_system,
        d.account_name,
        d.close_month as start_month,
        l.term_months,
        fx_convert(coalesce(l.line_amount, l.quantity * l.unit_price - coalesce(l.discount_amount, 0)),
            d.fx_rate_multiplier, d.fx_rate_divisor * coalesce(l.billing_period_months, 1)) as mrr_rc
    from enriched_deals as d
    join line_items as l on l.deal_id = d.deal_id
    where d.status = 'won'
      and d.close_date is not null
      and not l.is_deleted
      and l.is_recurring
      and ${in_slice(coalesce(d.canonical_account_id, d.account_id, 'unknown'))}
),

line_months as (
    select
        line_item_id,
        account_id,
        source_system,
        account_name,
        mrr_rc,
        cast(unnest(generate_series(
            start_month,
            least(
                coalesce(start_month + to_months(term_months - 1), date_trunc('month', cast(${as_of_date} as date))),
                date_trunc('month', cast(${as_of_date} as date))),
            interval 1 month)) as date) as period_start
    from recurring_lines
    where mrr_rc is not null
      and (term_months is null or term_months > 0)
),

final as (
    select
        period_start,
        account_id,
        arg_max(account_name, mrr_rc) as account_name,
        arg_max(source_system, mrr_rc) as source_system,
        cast(sum(mrr_rc) as decimal(18,2)) as mrr_rc,
        count(*) as subscriptions
    from line_months
    group by period_start, account_id
    having sum(mrr_rc) > 0
)

select * from final
