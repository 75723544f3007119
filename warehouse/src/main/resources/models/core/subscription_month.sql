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

-- Speed: a line adds the same amount to every month from its start through its end, so the months of an account
-- fall into segments between consecutive boundaries (a line's start month or the month after its end) in which the
-- set of active lines, and so every output column, is constant. Lines are aggregated once per segment (an account has
-- few lines) and the segment is then expanded into its months, instead of aggregating one row per line and month.
line_spans as (
    select
        line_item_id,
        account_id,
        source_system,
        account_name,
        mrr_rc,
        start_month,
        cast(least(
            coalesce(start_month + to_months(term_months - 1), date_trunc('month', cast(${as_of_date} as date))),
            date_trunc('month', cast(${as_of_date} as date))) as date) as end_month
    from recurring_lines
    where mrr_rc is not null
      and (term_months is null or term_months > 0)
),

active_spans as (
    select * from line_spans where start_month <= end_month
),

boundaries as (
    select account_id, start_month as segment_start from active_spans
    union
    select account_id, cast(end_month + interval 1 month as date) from active_spans
),

segments as (
    select
        account_id,
        segment_start,
        cast(lead(segment_start) over (partition by account_id order by segment_start) - interval 1 month as date)
            as segment_end
    from boundaries
),

segment_totals as (
    select
        s.account_id,
        s.segment_start,
        s.segment_end,
        arg_max(l.account_name, l.mrr_rc) as account_name,
        arg_max(l.source_system, l.mrr_rc) as source_system,
        cast(sum(l.mrr_rc) as decimal(18,2)) as mrr_rc,
        count(*) as subscriptions
    from segments as s
    join active_spans as l
      on l.account_id = s.account_id
     and l.start_month <= s.segment_start
     and l.end_month >= s.segment_start
    group by s.account_id, s.segment_start, s.segment_end
    having sum(l.mrr_rc) > 0
),

final as (
    select
        cast(unnest(generate_series(segment_start, segment_end, interval 1 month)) as date) as period_start,
        account_id,
        account_name,
        source_system,
        mrr_rc,
        subscriptions
    from segment_totals
)

select * from final
