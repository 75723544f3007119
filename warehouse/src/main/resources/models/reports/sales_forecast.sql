-- R1 Forecasted Sales as of ${as_of_date}: per month and per quarter, owner, pipeline and CRM, what is won and what
-- the open pipeline adds, by forecast category (columns, so the ordering invariant holds per row and every amount
-- sums over owners, pipelines and periods). Every live won or open deal lands in exactly one place:
--   won deals: closed_amount_rc in the period of their close date (the booking; equals R5 total sales);
--   open deals with a close date on or after as_of: open_in_period_rc, split into commit / best_case / pipeline /
--   omitted by core.deal_enriched.forecast_category_normalized;
--   open deals whose close date is before as_of: past_due_open_rc, in the period of their (missed) close date;
--   open deals without a close date: unscheduled_open_rc, in the period containing as_of.
-- Omitted deals are kept in their own column and left out of open_pipeline_rc, weighted_open_rc and the forecasts
-- (decision §8.2). weighted_open_rc = Σ round(amount_rc × probability, 2) over commit, best case and pipeline.
-- Rollups (Salesforce-style): commit_forecast = closed + commit, best_case_forecast = closed + commit + best case,
-- forecast_weighted = closed + weighted_open (HubSpot's default). run_rate_projection_rc = closed × period_days /
-- elapsed_days (null before the period starts). Unknown amounts count as 0 and are counted in amount_missing_deals;
-- unconvertible amounts in fx_missing_deals.
-- grain: one row per (as_of_date, period_start, period_grain, owner_id, pipeline_id, source_system)
-- unique: as_of_date, period_start, period_grain, owner_id, pipeline_id, source_system
-- incremental by period period_start: select cast(date_trunc(g.period_grain, coalesce(d.close_date, cast(${as_of_date} as date))) as date) from core.deal_enriched as d, (values ('month'), ('quarter')) as g(period_grain) where d.deal_id in (select deal_id from changed_deal)
-- not_null: as_of_date, period_start, period_grain, owner_id, team_id, source_system
-- accepted_values: period_grain in ('month', 'quarter')
-- relationships: owner_id -> core.owner.owner_id except ('unassigned') where source_system in (select source_system from core.owner)
-- relationships: team_id -> core.team.team_id except ('unassigned') where source_system in (select source_system from core.team)
-- test forecast_ordering: select * from reports.sales_forecast where not (closed_amount_rc <= commit_forecast_rc and commit_forecast_rc <= best_case_forecast_rc and best_case_forecast_rc <= closed_amount_rc + open_in_period_rc)
-- test weighted_within_open: select * from reports.sales_forecast where weighted_open_rc < 0 or weighted_open_rc > open_pipeline_rc
-- test categories_partition_open: select * from reports.sales_forecast where commit_amount_rc + best_case_amount_rc + pipeline_amount_rc + omitted_amount_rc <> open_in_period_rc
-- test run_rate_equals_closed_after_period_end: select * from reports.sales_forecast where as_of_date >= period_end and (run_rate_projection_rc <> closed_amount_rc or forecast_weighted_rc <> closed_amount_rc + weighted_open_rc)

with

enriched_deals as (
    select * from core.deal_enriched
),

grains as (
    select unnest(['month', 'quarter']) as period_grain
),

forecast_deals as (
    select
        deal_id,
        status,
        close_date,
        coalesce(owner_id, 'unassigned') as owner_id,
        coalesce(owner_name, 'unassigned') as owner_name,
        coalesce(team_id, 'unassigned') as team_id,
        coalesce(team_name, 'unassigned') as team_name,
        pipeline_id,
        pipeline_name,
        source_system,
        forecast_category_normalized,
        coalesce(amount_rc, 0) as amount_rc,
        coalesce(round(amount_rc * cast(forecast_probability as decimal(9,4)), 2), 0) as weighted_amount_rc,
        amount is null as amount_missing,
        fx_missing,
        case
            when status = 'won' then 'closed'
            when close_date is null then 'unscheduled'
            when close_date < cast(${as_of_date} as date) then 'past_due'
            else forecast_category_normalized
        end as bucket
    from enriched_deals
    where status = 'won' and close_date is not null
       or status = 'open'
),

placed as (
    select
        d.*,
        g.period_grain,
        cast(date_trunc(g.period_grain, coalesce(d.close_date, cast(${as_of_date} as date))) as date) as period_start
    from forecast_deals as d
    cross join grains as g
    where ${in_slice(cast(date_trunc(g.period_grain, coalesce(d.close_date, cast(${as_of_date} as date))) as date))}
),

per_period as (
    select
        period_start,
        period_grain,
        owner_id,
        pipeline_id,
        source_system,
        any_value(owner_name) as owner_name,
        any_value(team_id) as team_id,
        any_value(team_name) as team_name,
        any_value(pipeline_name) as pipeline_name,
        count(*) filter (where bucket = 'closed') as won_deals,
        coalesce(sum(amount_rc) filter (where bucket = 'closed'), 0) as closed_amount_rc,
        count(*) filter (where bucket in ('commit', 'best_case', 'pipeline', 'omitted')) as open_deals,
        coalesce(sum(amount_rc) filter (where status = 'open' and bucket not in ('past_due', 'unscheduled')), 0) as open_in_period_rc,
        coalesce(sum(amount_rc) filter (where bucket = 'commit'), 0) as commit_amount_rc,
        coalesce(sum(amount_rc) filter (where bucket = 'best_case'), 0) as best_case_amount_rc,
        coalesce(sum(amount_rc) filter (where bucket = 'pipeline'), 0) as pipeline_amount_rc,
        coalesce(sum(amount_rc) filter (where bucket = 'omitted'), 0) as omitted_amount_rc,
        coalesce(sum(weighted_amount_rc) filter (where bucket in ('commit', 'best_case', 'pipeline')), 0) as weighted_open_rc,
        count(*) filter (where bucket = 'past_due') as past_due_deals,
        coalesce(sum(amount_rc) filter (where bucket = 'past_due'), 0) as past_due_open_rc,
        count(*) filter (where bucket = 'unscheduled') as unscheduled_deals,
        coalesce(sum(amount_rc) filter (where bucket = 'unscheduled'), 0) as unscheduled_open_rc,
        count(*) filter (where amount_missing) as amount_missing_deals,
        count(*) filter (where fx_missing) as fx_missing_deals
    from placed
    group by period_start, period_grain, owner_id, pipeline_id, source_system
),

with_dates as (
    select
        *,
        cast(period_start + case when period_grain = 'month' then interval 1 month else interval 3 month end
            - interval 1 day as date) as period_end
    from per_period
),

final as (
    select
        cast(${as_of_date} as date) as as_of_date,
        period_start,
        period_grain,
        period_end,
        owner_id,
        owner_name,
        team_id,
        team_name,
        pipeline_id,
        pipeline_name,
        source_system,
        upper(${reporting_currency}) as reporting_currency,
        cast(won_deals as bigint) as won_deals,
        cast(closed_amount_rc as decimal(18,2)) as closed_amount_rc,
        cast(open_deals as bigint) as open_deals,
        cast(open_in_period_rc as decimal(18,2)) as open_in_period_rc,
        cast(commit_amount_rc as decimal(18,2)) as commit_amount_rc,
        cast(best_case_amount_rc as decimal(18,2)) as best_case_amount_rc,
        cast(pipeline_amount_rc as decimal(18,2)) as pipeline_amount_rc,
        cast(omitted_amount_rc as decimal(18,2)) as omitted_amount_rc,
        cast(commit_amount_rc + best_case_amount_rc + pipeline_amount_rc as decimal(18,2)) as open_pipeline_rc,
        cast(weighted_open_rc as decimal(18,2)) as weighted_open_rc,
        cast(closed_amount_rc + commit_amount_rc as decimal(18,2)) as commit_forecast_rc,
        cast(closed_amount_rc + commit_amount_rc + best_case_amount_rc as decimal(18,2)) as best_case_forecast_rc,
        cast(closed_amount_rc + weighted_open_rc as decimal(18,2)) as forecast_weighted_rc,
        cast(past_due_deals as bigint) as past_due_deals,
        cast(past_due_open_rc as decimal(18,2)) as past_due_open_rc,
        cast(unscheduled_deals as bigint) as unscheduled_deals,
        cast(unscheduled_open_rc as decimal(18,2)) as unscheduled_open_rc,
        datediff('day', period_start, period_end) + 1 as period_days,
        greatest(least(datediff('day', period_start, cast(${as_of_date} as date)) + 1,
            datediff('day', period_start, period_end) + 1), 0) as elapsed_days,
        case
            when cast(${as_of_date} as date) < period_start then null
            when cast(${as_of_date} as date) >= period_end then cast(closed_amount_rc as decimal(18,2))
            else cast(round(closed_amount_rc * (datediff('day', period_start, period_end) + 1)
                / (datediff('day', period_start, cast(${as_of_date} as date)) + 1), 2) as decimal(18,2))
        end as run_rate_projection_rc,
        cast(amount_missing_deals as bigint) as amount_missing_deals,
        cast(fx_missing_deals as bigint) as fx_missing_deals
    from with_dates
)

select * from final
