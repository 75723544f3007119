-- R4 ↔ R1: the open amount of reports.pipeline_snapshot (all buckets) equals the open, past-due and unscheduled
-- amounts of reports.sales_forecast's month rows, and its deal count their open + past-due + unscheduled deals.
with

snapshot as (
    select coalesce(sum(amount_rc), 0) as amount_rc, coalesce(sum(deal_cnt), 0) as deals
    from reports.pipeline_snapshot
),

forecast as (
    select
        coalesce(sum(open_in_period_rc + past_due_open_rc + unscheduled_open_rc), 0) as amount_rc,
        coalesce(sum(open_deals + past_due_deals + unscheduled_deals), 0) as deals
    from reports.sales_forecast
    where period_grain = 'month'
),

final as (
    select s.amount_rc as snapshot_amount_rc, f.amount_rc as forecast_amount_rc, s.deals as snapshot_deals, f.deals as forecast_deals
    from snapshot as s, forecast as f
    where s.amount_rc <> f.amount_rc or s.deals <> f.deals
)

select * from final
