-- Secondary report: deals lost per close month, normalized lead source and channel (core.deal_attribution), pipeline
-- and normalized loss reason; as reports.loss_reasons with the source instead of owner and stage.
-- grain: one row per (period_start, period_grain, source_normalized, channel, pipeline_id, lost_reason_normalized, source_system)
-- unique: period_start, period_grain, source_normalized, channel, pipeline_id, lost_reason_normalized, source_system
-- incremental by period period_start: select period_start from core.lost_deal_reason where deal_id in (select deal_id from changed_deal)
-- not_null: period_start, period_grain, source_normalized, channel, source_system
-- accepted_values: period_grain in ('month')
-- relationships: source_normalized -> core.source_map.source_normalized except ('unknown')
-- test sums_match_loss_reasons: select * from (select coalesce(sum(lost_deals), 0) as n, coalesce(sum(lost_amount_rc), 0) as a from reports.loss_reasons_per_source) s where (s.n, s.a) <> (select (coalesce(sum(lost_deals), 0), coalesce(sum(lost_amount_rc), 0)) from reports.loss_reasons)

with

lost_deal_reasons as (
    select * from core.lost_deal_reason
    where ${in_slice(period_start)}
),

final as (
    select
        period_start,
        'month' as period_grain,
        source_normalized,
        channel,
        pipeline_id,
        lost_reason_normalized,
        source_system,
        any_value(pipeline_name) as pipeline_name,
        count(*) as lost_deals,
        cast(coalesce(sum(amount_rc), 0) as decimal(18,2)) as lost_amount_rc
    from lost_deal_reasons
    group by
        period_start,
        source_normalized,
        channel,
        pipeline_id,
        lost_reason_normalized,
        source_system
)

select * from final
