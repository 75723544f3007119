-- R4 Pipeline as of ${as_of_date}: the open deals by pipeline, stage, owner and CRM, in four buckets (decision §8.2):
-- omitted (forecast category omitted; left out of pipeline totals), unscheduled (no close date), past_due (close
-- date before as_of), open (the rest). Amounts in the reporting currency at the as-of rate; weighted = Σ
-- round(amount_rc × probability, 2); unknown amounts count as 0 and are counted in amount_missing_deals. Averages
-- are numerator + denominator: avg_age_days = age_days_sum / deal_cnt, avg_days_in_stage = days_in_stage_sum /
-- deal_cnt (days since the deal entered its current stage, from stage history).
-- grain: one row per (as_of_date, pipeline_id, stage_id, owner_id, source_system, bucket)
-- unique: as_of_date, pipeline_id, stage_id, owner_id, source_system, bucket
-- not_null: as_of_date, owner_id, team_id, source_system, bucket
-- relationships: owner_id -> core.owner.owner_id except ('unassigned') where source_system in (select source_system from core.owner)
-- relationships: team_id -> core.team.team_id except ('unassigned') where source_system in (select source_system from core.team)
-- test weighted_within_unweighted: select * from reports.pipeline_snapshot where weighted_amount_rc < 0 or weighted_amount_rc > amount_rc
-- test every_open_deal_once: select (select coalesce(sum(deal_cnt), 0) from reports.pipeline_snapshot) as snapshot_deals, (select count(*) from core.deal_enriched where status = 'open') as open_deals where snapshot_deals <> open_deals
-- test bucket_is_known: select * from reports.pipeline_snapshot where bucket not in ('open', 'past_due', 'unscheduled', 'omitted')

with

-- only open deals are reported: the stage history is joined to them alone (not to every deal)
enriched_deals as (
    select * from core.deal_enriched
    where status = 'open'
),

stage_history as (
    select * from core.deal_stage_history
),

current_stage_entries as (
    select
        h.deal_id,
        max(h.entered_at) as entered_current_stage_at
    from stage_history as h
    join enriched_deals as d on d.deal_id = h.deal_id and d.stage_id = h.stage_id
    group by h.deal_id
),

open_deals as (
    select
        d.deal_id,
        d.pipeline_id,
        d.pipeline_name,
        d.stage_id,
        d.stage_name,
        d.stage_display_order,
        coalesce(d.owner_id, 'unassigned') as owner_id,
        coalesce(d.owner_name, 'unassigned') as owner_name,
        coalesce(d.team_id, 'unassigned') as team_id,
        coalesce(d.team_name, 'unassigned') as team_name,
        d.source_system,
        case
            when d.forecast_category_normalized = 'omitted' then 'omitted'
            when d.close_date is null then 'unscheduled'
            when d.close_date < cast(${as_of_date} as date) then 'past_due'
            else 'open'
        end as bucket,
        coalesce(d.amount_rc, 0) as amount_rc,
        coalesce(round(d.amount_rc * cast(d.forecast_probability as decimal(9,4)), 2), 0) as weighted_amount_rc,
        d.amount is null as amount_missing,
        d.fx_missing,
        datediff('day', d.created_date, cast(${as_of_date} as date)) as age_days,
        datediff('day', cast(timezone(${reporting_time_zone}, coalesce(e.entered_current_stage_at, d.created_at)) as date),
            cast(${as_of_date} as date)) as days_in_stage
    from enriched_deals as d
    left join current_stage_entries as e on e.deal_id = d.deal_id
),

final as (
    select
        cast(${as_of_date} as date) as as_of_date,
        pipeline_id,
        stage_id,
        owner_id,
        source_system,
        bucket,
        any_value(pipeline_name) as pipeline_name,
        any_value(stage_name) as stage_name,
        any_value(stage_display_order) as stage_display_order,
        any_value(owner_name) as owner_name,
        any_value(team_id) as team_id,
        any_value(team_name) as team_name,
        upper(${reporting_currency}) as reporting_currency,
        cast(count(*) as bigint) as deal_cnt,
        cast(sum(amount_rc) as decimal(18,2)) as amount_rc,
        cast(sum(weighted_amount_rc) as decimal(18,2)) as weighted_amount_rc,
        cast(count(*) filter (where amount_missing) as bigint) as amount_missing_deals,
        cast(count(*) filter (where fx_missing) as bigint) as fx_missing_deals,
        cast(sum(age_days) as bigint) as age_days_sum,
        cast(sum(days_in_stage) as bigint) as days_in_stage_sum,
        cast(sum(age_days) as double) / count(*) as avg_age_days,
        cast(sum(days_in_stage) as double) / count(*) as avg_days_in_stage
    from open_deals
    group by pipeline_id, stage_id, owner_id, source_system, bucket
)

select * from final
