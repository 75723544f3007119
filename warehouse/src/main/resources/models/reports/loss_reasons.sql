-- Secondary report: deals lost per close month, owner, pipeline, stage at loss (the last open stage the deal was in
-- before it was lost, from stage history; 'unknown' without history) and normalized loss reason (core.reason_map,
-- domain 'loss'; no reason = 'unknown', reason not in the map = 'unmapped', counted in unmapped_reason_deals).
-- Share of a reason = lost_deals / the sum of lost_deals over the rows in view. The same rows split by lead source
-- are in reports.loss_reasons_per_source.
-- grain: one row per (period_start, period_grain, owner_id, pipeline_id, stage_at_loss, lost_reason_normalized, source_system)
-- unique: period_start, period_grain, owner_id, pipeline_id, stage_at_loss, lost_reason_normalized, source_system
-- incremental by period period_start: select period_start from core.lost_deal_reason where deal_id in (select deal_id from changed_deal)
-- not_null: period_start, period_grain, owner_id, source_system
-- accepted_values: period_grain in ('month')
-- relationships: owner_id -> core.owner.owner_id except ('unassigned') where source_system in (select source_system from core.owner)
-- relationships: team_id -> core.team.team_id except ('unassigned') where source_system in (select source_system from core.team)
-- test lost_deals_reconcile: select * from (select count(*) as n from core.deal_enriched where status = 'lost' and close_date is not null) d where d.n <> (select coalesce(sum(lost_deals), 0) from reports.loss_reasons)

with

lost_deal_reasons as (
    select * from core.lost_deal_reason
    where ${in_slice(period_start)}
),

final as (
    select
        period_start,
        'month' as period_grain,
        owner_id,
        pipeline_id,
        stage_at_loss,
        lost_reason_normalized,
        source_system,
        any_value(owner_name) as owner_name,
        any_value(team_id) as team_id,
        any_value(pipeline_name) as pipeline_name,
        count(*) as lost_deals,
        cast(coalesce(sum(amount_rc), 0) as decimal(18,2)) as lost_amount_rc,
        count(*) filter (where lost_reason_normalized = 'unmapped') as unmapped_reason_deals
    from lost_deal_reasons
    group by
        period_start,
        owner_id,
        pipeline_id,
        stage_at_loss,
        lost_reason_normalized,
        source_system
)

select * from final
