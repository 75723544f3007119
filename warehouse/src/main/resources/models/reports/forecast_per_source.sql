-- Secondary report: forecasted sales per lead source. Per expected close month (open deals; deals without a close
-- date are period_start null, "unscheduled") or actual close month (won deals), owner, pipeline, normalized source
-- and channel (core.deal_attribution): open pipeline, weighted pipeline (amount x the deal's or its stage's win
-- probability) and won amount. forecast_weighted = won_amount_rc + weighted_open_rc. Summed over sources it gives the
-- all-source totals; past-due open deals stay in their (past) expected close month.
-- grain: one row per (period_start, period_grain, owner_id, pipeline_id, source_normalized, channel, source_system)
-- unique: period_start, period_grain, owner_id, pipeline_id, source_normalized, channel, source_system
-- incremental by delta: open_deals, open_amount_rc, weighted_open_rc, won_deals, won_amount_rc, forecast_weighted_rc
-- not_null: period_grain, owner_id, source_normalized, channel, source_system
-- accepted_values: period_grain in ('month')
-- relationships: owner_id -> core.owner.owner_id except ('unassigned') where source_system in (select source_system from core.owner)
-- relationships: team_id -> core.team.team_id except ('unassigned') where source_system in (select source_system from core.team)
-- relationships: source_normalized -> core.source_map.source_normalized except ('unknown')
-- test weighted_within_open: select * from reports.forecast_per_source where weighted_open_rc > open_amount_rc or weighted_open_rc < 0

with

enriched_deals as (
    select * from core.deal_enriched
),

owners as (
    select * from core.owner
),

deal_attribution as (
    select * from core.deal_attribution
    where attribution_model = 'first_touch'
),

forecast_deals as (
    select
        d.deal_id,
        d.source_system,
        d.status,
        d.close_month as period_start,
        coalesce(d.owner_id, 'unassigned') as owner_id,
        d.pipeline_id,
        a.source_normalized,
        a.channel,
        d.amount_rc,
        least(greatest(coalesce(d.forecast_probability, 0), 0), 1) as probability
    from enriched_deals as d
    join deal_attribution as a on a.deal_id = d.deal_id
    where (d.status = 'open' or (d.status = 'won' and d.close_date is not null))
      and ${in_slice(d.deal_id)}
),

-- Speed: summed before the owner's name and team join (core.deal_enriched takes them from core.owner by owner_id)
totals as (
    select
        period_start,
        owner_id,
        pipeline_id,
        source_normalized,
        channel,
        source_system,
        count(*) filter (where status = 'open') as open_deals,
        cast(coalesce(sum(amount_rc) filter (where status = 'open'), 0) as decimal(18,2)) as open_amount_rc,
        cast(coalesce(sum(cast(round(amount_rc * probability, 2) as decimal(18,2))) filter (where status = 'open'), 0) as decimal(18,2))
            as weighted_open_rc,
        count(*) filter (where status = 'won') as won_deals,
        cast(coalesce(sum(amount_rc) filter (where status = 'won'), 0) as decimal(18,2)) as won_amount_rc,
        cast(coalesce(sum(amount_rc) filter (where status = 'won'), 0)
            + coalesce(sum(cast(round(amount_rc * probability, 2) as decimal(18,2))) filter (where status = 'open'), 0) as decimal(18,2))
            as forecast_weighted_rc
    from forecast_deals
    group by
        period_start,
        owner_id,
        pipeline_id,
        source_normalized,
        channel,
        source_system
),

final as (
    select
        t.period_start,
        'month' as period_grain,
        t.owner_id,
        t.pipeline_id,
        t.source_normalized,
        t.channel,
        t.source_system,
        coalesce(o.name, 'unassigned') as owner_name,
        o.team_id,
        t.open_deals,
        t.open_amount_rc,
        t.weighted_open_rc,
        t.won_deals,
        t.won_amount_rc,
        t.forecast_weighted_rc
    from totals as t
    left join owners as o on o.owner_id = t.owner_id
)

select * from final
