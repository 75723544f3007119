-- Every counted deal (not deleted, not merged away) with the names of its owner, team, pipeline, stage and account,
-- and its amount in the reporting currency. Rate rule: the latest rate on or before the close date for won/lost
-- deals, on or before as_of_date for open deals, for (deal currency -> reporting currency); same currency = 1.
-- A deal with an amount but no rate gets amount_rc null and fx_missing = true (never converted 1:1).
-- close_date is a DATE and is not shifted; instants are bucketed in the reporting time zone, never the session's.
-- forecast_category_normalized is one of commit / best_case / pipeline / omitted for open deals (closed for won,
-- lost for lost): the deal's own category, else the stage default, else from the win probability (>= 0.8 commit,
-- >= 0.5 best_case, > 0 or unknown pipeline, 0 omitted). forecast_probability is the deal's probability, else its
-- stage's. business_type is the CRM's deal type (new / existing / renewal), else derived: a deal is 'existing' when
-- its customer (canonical account) had won a deal before (before its creation for open and lost deals, an earlier
-- won deal for won ones), else 'new'.
-- grain: one row per deal
-- unique: deal_id
-- not_null: deal_id, source_system
-- relationships: owner_id -> core.owner.owner_id where source_system in (select source_system from core.owner)
-- relationships: team_id -> core.team.team_id where source_system in (select source_system from core.team)
-- test fx_missing_is_flagged: select deal_id, amount, currency_code from core.deal_enriched where amount is not null and amount_rc is null and not fx_missing
-- test forecast_category_is_known: select deal_id, forecast_category, forecast_category_normalized from core.deal_enriched where forecast_category_normalized not in ('commit', 'best_case', 'pipeline', 'omitted', 'closed', 'lost')
-- test probability_is_a_fraction: select deal_id, forecast_probability from core.deal_enriched where forecast_probability < 0 or forecast_probability > 1
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

account_identity as (
    select * from core.account_identity
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

-- the as-of lookup runs once per distinct (currency, date), a few thousand pairs, then an equi-join: an ASOF JOIN of
-- every deal sorts all deals per currency (7 s of the build at 1 million deals)
rate_keys as (
    select distinct deal_currency, fx_rate_date
    from deals_with_rate_date
),

key_rates as (
    select
        k.deal_currency,
        k.fx_rate_date,
        r.rate
    from rate_keys as k
    asof left join fx_rates as r
        on r.from_currency = k.deal_currency
        and r.rate_date <= k.fx_rate_date
),

deals_with_rate as (
    select
        d.*,
        case
            when d.deal_currency = upper(${reporting_currency}) then cast(1 as decimal(18,8))
            else r.rate
        end as fx_rate
    from deals_with_rate_date as d
    left join key_rates as r
        on r.deal_currency = d.deal_currency
        and r.fx_rate_date = d.fx_rate_date
),

converted as (
    select
        *,
        cast(round(amount * fx_rate, 2) as decimal(18,2)) as amount_rc,
        (amount is not null and fx_rate is null) as fx_missing
    from deals_with_rate
),

with_names as (
    select
        d.*,
        p.name as pipeline_name,
        s.name as stage_name,
        s.display_order as stage_display_order,
        s.probability as stage_probability,
        coalesce(d.probability, s.probability) as forecast_probability,
        case
            when d.status = 'won' then 'closed'
            when d.status = 'lost' then 'lost'
            else coalesce(
                case regexp_replace(lower(trim(coalesce(d.forecast_category, s.forecast_category_default))), '[^a-z]', '', 'g')
                    when 'commit' then 'commit'
                    when 'closed' then 'commit'
                    when 'closedwon' then 'commit'
                    when 'bestcase' then 'best_case'
                    when 'mostlikely' then 'best_case'
                    when 'pipeline' then 'pipeline'
                    when 'forecast' then 'pipeline'
                    when 'omit' then 'omitted'
                    when 'omitted' then 'omitted'
                    when 'notforecasted' then 'omitted'
                end,
                case
                    when coalesce(d.probability, s.probability) >= 0.8 then 'commit'
                    when coalesce(d.probability, s.probability) >= 0.5 then 'best_case'
                    when coalesce(d.probability, s.probability) = 0 then 'omitted'
                    else 'pipeline'
                end)
        end as forecast_category_normalized,
        ai.canonical_account_id
    from converted as d
    left join pipelines as p on p.pipeline_id = d.pipeline_id
    left join stages as s on s.stage_id = d.stage_id
    left join account_identity as ai on ai.account_id = d.account_id
),

first_wins as (
    select
        canonical_account_id,
        min(close_date) as first_won_close_date,
        arg_min(deal_id, (close_date, closed_at, deal_id)) as first_won_deal_id
    from with_names
    where status = 'won'
      and canonical_account_id is not null
      and close_date is not null
    group by canonical_account_id
),

typed as (
    select
        d.*,
        coalesce(
            d.deal_type,
            case
                when f.first_won_deal_id is null then 'new'
                when d.deal_id = f.first_won_deal_id then 'new'
                when d.status = 'won' and d.close_date is not null then 'existing'
                when f.first_won_close_date < cast(timezone(${reporting_time_zone}, d.created_at) as date) then 'existing'
                else 'new'
            end) as business_type,
        case when d.deal_type is null then 'derived' else 'crm' end as business_type_origin
    from with_names as d
    left join first_wins as f on f.canonical_account_id = d.canonical_account_id
),

final as (
    select
        d.deal_id,
        d.source_system,
        d.source_id,
        d.name,
        d.deal_type,
        d.business_type,
        d.business_type_origin,
        d.status,
        d.status = 'won' as is_won,
        d.status in ('won', 'lost') as is_closed,
        d.pipeline_id,
        d.pipeline_name,
        d.stage_id,
        d.stage_name,
        d.stage_display_order,
        d.owner_id,
        o.name as owner_name,
        o.team_id,
        t.name as team_name,
        d.account_id,
        a.name as account_name,
        d.canonical_account_id,
        d.primary_contact_id,
        d.campaign_id,
        d.lead_source_raw,
        d.forecast_category,
        d.forecast_category_normalized,
        d.probability,
        d.stage_probability,
        d.forecast_probability,
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
    from typed as d
    left join owners as o on o.owner_id = d.owner_id
    left join teams as t on t.team_id = o.team_id
    left join accounts as a on a.account_id = d.account_id
)

select * from final
