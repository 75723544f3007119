-- Secondary report: direct sales (no intermediary): won deals per close month, owner, customer and pipeline whose
-- lead source is a direct sales channel (core.source_map.sales_channel; HubSpot has no standard field for partner
-- deals, so sources such as referrals map to 'partner'). Deals with an unknown source count as direct.
-- grain: one row per (period_start, period_grain, owner_id, account_id, pipeline_id, source_normalized, source_system)
-- unique: period_start, period_grain, owner_id, account_id, pipeline_id, source_normalized, source_system
-- incremental by delta: won_deals, won_amount_rc
-- not_null: period_start, period_grain, owner_id, account_id, source_normalized, source_system
-- accepted_values: period_grain in ('month')
-- relationships: owner_id -> core.owner.owner_id except ('unassigned') where source_system in (select source_system from core.owner)
-- relationships: team_id -> core.team.team_id except ('unassigned') where source_system in (select source_system from core.team)
-- relationships: source_normalized -> core.source_map.source_normalized except ('unknown')
-- test direct_within_total_sales: select * from (select coalesce(sum(won_amount_rc), 0) as d from reports.direct_sales) s where s.d > (select coalesce(sum(won_amount_rc), 0) from reports.total_sales)

with

enriched_deals as (
    select * from core.deal_enriched
),

deal_attribution as (
    select * from core.deal_attribution
    where attribution_model = 'first_touch'
),

final as (
    select
        d.close_month as period_start,
        'month' as period_grain,
        coalesce(d.owner_id, 'unassigned') as owner_id,
        coalesce(d.account_id, 'unknown') as account_id,
        d.pipeline_id,
        a.source_normalized,
        d.source_system,
        coalesce(any_value(d.owner_name), 'unassigned') as owner_name,
        any_value(d.team_id) as team_id,
        any_value(d.account_name) as account_name,
        'direct' as sales_channel,
        count(*) as won_deals,
        cast(coalesce(sum(d.amount_rc), 0) as decimal(18,2)) as won_amount_rc
    from enriched_deals as d
    join deal_attribution as a on a.deal_id = d.deal_id
    where d.status = 'won'
      and d.close_date is not null
      and a.sales_channel = 'direct'
      and ${in_slice(d.deal_id)}
    group by
        d.close_month,
        coalesce(d.owner_id, 'unassigned'),
        coalesce(d.account_id, 'unknown'),
        d.pipeline_id,
        a.source_normalized,
        d.source_system
)

select * from final
