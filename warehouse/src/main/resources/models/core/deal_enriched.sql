-- Every counted deal (not deleted, not merged away) with the names of its owner, team, pipeline, stage and account,
-- and its amount in the reporting currency. Rate rule: the latest rate on or before the close date for won/lost
-- deals, on or before as_of_date for open deals, for (deal currency -> reporting currency); same currency = 1.
-- A deal with an amount but no rate gets amount_rc null and fx_missing = true (never converted 1:1).
-- close_date is a DATE and is not shifted; instants are bucketed in the reporting time zone, never the session's.
-- grain: one row per deal
-- unique: deal_id
-- test fx_missing_is_flagged: select deal_id, amount, currency_code from core.deal_enriched where amount is not null and amount_rc is null and not fx_missing
-- test status_is_known: select deal_id, status from core.deal_enriched where status is null or status not in ('open', 'won', 'lost')

with

deals as (
    select * from core.deal
),

owners as (
    select * from core.owner
),

teams as (
    select * from core.team
),

pipelines as (
    select * from core.pipeline
),

stages as (
    select * from core.stage
),

accounts as (
    select * from core.account
),

fx_rates as (
    select * from core.fx_rate
    where to_currency = upper(${reporting_currency})
),

counted_deals as (
    select *
    from deals
    where not is_deleted
      and merged_into_id is null
),

deals_with_rate_date as (
    select
        *,
        upper(currency_code) as deal_currency,
        case
            when status in ('won', 'lost') then close_date
            else cast(${as_of_date} as date)
        end as fx_rate_date
    from counted_deals
),

deals_with_rate as (
    select
        d.*,
        case
            when d.deal_currency = upper(${reporting_currency}) then cast(1 as decimal(18,8))
            else r.rate
        end as fx_rate
    from deals_with_rate_date as d
    asof left join fx_rates as r
        on r.from_currency = d.deal_currency
        and r.rate_date <= d.fx_rate_date
),

converted as (
    select
        *,
        cast(round(amount * fx_rate, 2) as decimal(18,2)) as amount_rc,
        (amount is not null and fx_rate is null) as fx_missing
    from deals_with_rate
),

final as (
    select
        d.deal_id,
        d.source_system,
        d.source_id,
        d.name,
        d.deal_type,
        d.status,
        d.status = 'won' as is_won,
        d.status in ('won', 'lost') as is_closed,
        d.pipeline_id,
        p.name as pipeline_name,
        d.stage_id,
        s.name as stage_name,
        d.owner_id,
        o.name as owner_name,
        o.team_id,
        t.name as team_name,
        d.account_id,
        a.name as account_name,
        d.primary_contact_id,
        d.campaign_id,
        d.lead_source_raw,
        d.forecast_category,
        d.probability,
        d.amount,
        d.currency_code,
        d.fx_rate_date,
        d.fx_rate,
        d.amount_rc,
        d.fx_missing,
        upper(${reporting_currency}) as reporting_currency,
        d.created_at,
        cast(timezone(${reporting_time_zone}, d.created_at) as date) as created_date,
        d.close_date,
        cast(date_trunc('month', d.close_date) as date) as close_month,
        d.closed_at,
        cast(timezone(${reporting_time_zone}, d.closed_at) as date) as closed_date_local,
        d.updated_at
    from converted as d
    left join pipelines as p on p.pipeline_id = d.pipeline_id
    left join stages as s on s.stage_id = d.stage_id
    left join owners as o on o.owner_id = d.owner_id
    left join teams as t on t.team_id = o.team_id
    left join accounts as a on a.account_id = d.account_id
)

select * from final
