-- Every counted deal (not deleted, not merged away) with the names of its owner, team, pipeline, stage and account,
-- and its amount in the reporting currency (amount_rc). The rate date is the close date for won/lost deals, as_of_date
-- for open deals. Which rate converts it (fx_rate_source, fx_rate_source_system, fx_rate, fx_rate_valid_from), first
-- that applies:
--   same_currency: the deal is in the reporting currency;
--   user_csv: the user's fx_rates.csv has the pair on or before the rate date (it overrides every CRM);
--   hubspot_home_amount / zoho_record (closed deals): the CRM's own home-currency amount (HubSpot
--     amount_in_home_currency, Zoho Amount / Exchange_Rate), taken on to the reporting currency with the rate of
--     core.fx_rate_daily for the home currency when the home currency is not the reporting currency;
--   the deal's own CRM's rates for the rate date (salesforce_dated, salesforce_currency_type, hubspot_portal,
--     zoho_org), else another CRM's for that day (core.fx_rate_daily decides);
--   none: amount_rc null and fx_missing = true (never converted 1:1).
-- amount_rc = fx_convert(amount, fx_rate_multiplier, fx_rate_divisor) to the cent (the home path converts the home
-- amount itself; its multiplier/divisor carry the ratio for line items).
-- close_date is a DATE and is not shifted; instants are bucketed in the reporting time zone, never the session's.
-- forecast_category_normalized is one of commit / best_case / pipeline / omitted for open deals (closed for won,
-- lost for lost): the deal's own category, else the stage default, else from the win probability (>= 0.8 commit,
-- >= 0.5 best_case, > 0 or unknown pipeline, 0 omitted). forecast_probability is the deal's probability, else its
-- stage's. business_type is the CRM's deal type (new / existing / renewal), else derived: a deal is 'existing' when
-- its customer (canonical account) had won a deal before (before its creation for open and lost deals, an earlier
-- won deal for won ones), else 'new'.
-- grain: one row per deal
-- unique: deal_id
-- incremental by key deal_id: select e.deal_id from core.deal_enriched as e where e.canonical_account_id in (select canonical_account_id from core.deal_enriched where status = 'won' and deal_id in (select deal_id from changed_deal) union all select ai.canonical_account_id from core.deal as d join core.account_identity as ai on ai.account_id = d.account_id where d.status = 'won' and d.deal_id in (select deal_id from changed_deal))
-- not_null: deal_id, source_system
-- relationships: owner_id -> core.owner.owner_id where source_system in (select source_system from core.owner)
-- relationships: team_id -> core.team.team_id where source_system in (select source_system from core.team)
-- test fx_rate_source_is_known: select deal_id, fx_rate_source from core.deal_enriched where amount_rc is not null and fx_rate_source is null
-- test fx_missing_is_flagged: select deal_id, amount, currency_code from core.deal_enriched where amount is not null and amount_rc is null and not fx_missing
-- test forecast_category_is_known: select deal_id, forecast_category, forecast_category_normalized from core.deal_enriched where forecast_category_normalized not in ('commit', 'best_case', 'pipeline', 'omitted', 'closed', 'lost')
-- test probability_is_a_fraction: select deal_id, forecast_probability from core.deal_enriched where forecast_probability < 0 or forecast_probability > 1
-- test status_is_known: select deal_id, status from core.deal_enriched where status is null or status not in ('open', 'won', 'lost')

with

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

-- for speed: one lookup per deal for its account's name and customer (a full join keeps what the two left joins gave)
account_names as (
    select
        coalesce(a.account_id, ai.account_id) as account_id,
        a.name as account_name,
        ai.canonical_account_id
    from accounts as a
    full join account_identity as ai on ai.account_id = a.account_id
),

fx_days as (
    select * from core.fx_rate_daily
),

crm_rates as (
    select * from core.crm_fx_rate
),

rated_sources as (
    select distinct source_system from fx_days where source_system <> '*'
),

home_currencies as (
    select
        source_system,
        min(base_currency) as home_currency,
        case
            when bool_or(rate_kind like 'zoho%') then 'zoho_record'
            when bool_or(rate_kind like 'hubspot%') then 'hubspot_home_amount'
            else 'crm_home_amount'
        end as home_amount_source
    from crm_rates
    group by source_system
),

-- the deals are read from core.deal by each reader (not materialized: DuckDB would otherwise copy every column of
-- every deal once for rate_keys, which reads four of them)
counted_deals as not materialized (
    select *
    from core.deal
    where not is_deleted
      and merged_into_id is null
),

-- an incremental build converts only the changed deals (and, through first_wins, the others of their customers)
sliced_deals as not materialized (
    select *
    from counted_deals
    where ${in_slice(deal_id)}
),

deals_with_rate_date as not materialized (
    select
        *,
        cast(timezone(${reporting_time_zone}, created_at) as date) as created_date,
        upper(currency_code) as deal_currency,
        case
            when status in ('won', 'lost') then close_date
            else cast(${as_of_date} as date)
        end as fx_rate_date
    from sliced_deals
),

-- the rate lookup runs once per distinct (source, currency, date), then an equi-join: a few thousand keys at 1 million
-- deals. A source without rates of its own takes the rates for any amount ('*').
rate_keys as (
    select distinct
        d.source_system,
        d.deal_currency,
        d.fx_rate_date,
        h.home_currency,
        h.home_amount_source,
        coalesce(s.source_system, '*') as rate_scope
    from deals_with_rate_date as d
    left join rated_sources as s on s.source_system = d.source_system
    left join home_currencies as h on h.source_system = d.source_system
    where d.deal_currency is distinct from upper(${reporting_currency})
),

key_rates as (
    select
        k.*,
        r.rate_multiplier,
        r.rate_divisor,
        r.fx_rate_source,
        r.fx_rate_source_system,
        r.fx_rate_valid_from,
        case when k.home_currency = upper(${reporting_currency}) then cast(1 as decimal(38,12))
            else h.rate_multiplier end as home_multiplier,
        case when k.home_currency = upper(${reporting_currency}) then cast(1 as decimal(38,12))
            else h.rate_divisor end as home_divisor,
        case when k.home_currency <> upper(${reporting_currency}) then h.fx_rate_valid_from end as home_valid_from
    from rate_keys as k
    left join fx_days as r
        on r.source_system = k.rate_scope
        and r.from_currency = k.deal_currency
        and r.rate_date = k.fx_rate_date
    left join fx_days as h
        on h.source_system = k.rate_scope
        and h.from_currency = k.home_currency
        and h.rate_date = k.fx_rate_date
),

-- for speed: deals in the reporting currency (most deals) take no rate, so only the others look their key up
deals_with_path as (
    select
        d.*,
        cast(null as varchar) as home_amount_source,
        cast(null as decimal(38,12)) as home_multiplier,
        cast(null as decimal(38,12)) as home_divisor,
        cast(null as date) as home_valid_from,
        cast(null as decimal(38,12)) as rate_multiplier,
        cast(null as decimal(38,12)) as rate_divisor,
        cast(null as varchar) as table_rate_source,
        cast(null as varchar) as table_rate_source_system,
        cast(null as date) as table_rate_valid_from,
        'same_currency' as fx_path
    from deals_with_rate_date as d
    where d.deal_currency = upper(${reporting_currency})
    union all
    select
        d.*,
        r.home_amount_source,
        r.home_multiplier,
        r.home_divisor,
        r.home_valid_from,
        r.rate_multiplier,
        r.rate_divisor,
        r.fx_rate_source as table_rate_source,
        r.fx_rate_source_system as table_rate_source_system,
        r.fx_rate_valid_from as table_rate_valid_from,
        case
            when d.deal_currency = upper(${reporting_currency}) then 'same_currency'
            when r.fx_rate_source = 'user_csv' then 'table'
            when d.status in ('won', 'lost') and d.amount_home is not null and d.amount is not null and d.amount <> 0
                and r.home_multiplier is not null then 'home'
            when r.rate_multiplier is not null then 'table'
        end as fx_path
    from deals_with_rate_date as d
    left join key_rates as r
        on r.source_system = d.source_system
        and r.deal_currency is not distinct from d.deal_currency
        and r.fx_rate_date is not distinct from d.fx_rate_date
    where d.deal_currency is distinct from upper(${reporting_currency})
),

deals_with_rate as (
    select
        *,
        case fx_path
            when 'same_currency' then cast(1 as decimal(38,12))
            when 'home' then cast(amount_home * home_multiplier as decimal(38,12))
            when 'table' then rate_multiplier
        end as fx_rate_multiplier,
        case fx_path
            when 'same_currency' then cast(1 as decimal(38,12))
            when 'home' then cast(amount * home_divisor as decimal(38,12))
            when 'table' then rate_divisor
        end as fx_rate_divisor,
        case fx_path
            when 'same_currency' then 'same_currency'
            when 'home' then home_amount_source
            when 'table' then table_rate_source
        end as fx_rate_source,
        case fx_path
            when 'home' then source_system
            when 'table' then table_rate_source_system
        end as fx_rate_source_system,
        case fx_path
            when 'home' then home_valid_from
            when 'table' then table_rate_valid_from
        end as fx_rate_valid_from
    from deals_with_path
),

-- for speed: a deal in the reporting currency (most deals) has rate 1 and keeps its amount, which is what fx_convert
-- gives for multiplier = divisor = 1 (exactly while the amount is far below 2^53 cents); the others take the
-- DECIMAL(38,12) conversion
converted as (
    select
        *,
        case
            when fx_path = 'same_currency' then cast(1 as decimal(18,8))
            else cast(fx_rate_multiplier / fx_rate_divisor as decimal(18,8))
        end as fx_rate,
        case
            when fx_path = 'same_currency' and abs(amount) < 1000000000000 then amount
            when fx_path = 'home' then fx_convert(amount_home, home_multiplier, home_divisor)
            else fx_convert(amount, fx_rate_multiplier, fx_rate_divisor)
        end as amount_rc,
        (amount is not null and fx_path is null) as fx_missing
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
        a.account_name,
        a.canonical_account_id
    from converted as d
    left join pipelines as p on p.pipeline_id = d.pipeline_id
    left join stages as s on s.stage_id = d.stage_id
    left join account_names as a on a.account_id = d.account_id
),

-- over every counted deal, also in an incremental build: a deal's business type depends on its customer's other deals
first_wins as (
    select
        ai.canonical_account_id,
        min(d.close_date) as first_won_close_date,
        arg_min(d.deal_id, (d.close_date, d.closed_at, d.deal_id)) as first_won_deal_id
    from core.deal as d
    join account_identity as ai on ai.account_id = d.account_id
    where not d.is_deleted
      and d.merged_into_id is null
      and d.status = 'won'
      and ai.canonical_account_id is not null
      and d.close_date is not null
    group by ai.canonical_account_id
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
                when f.first_won_close_date < d.created_date then 'existing'
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
        d.account_name,
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
        d.amount_home,
        d.fx_rate_date,
        d.fx_rate,
        d.fx_rate_multiplier,
        d.fx_rate_divisor,
        d.fx_rate_source,
        d.fx_rate_source_system,
        d.fx_rate_valid_from,
        d.amount_rc,
        d.fx_missing,
        upper(${reporting_currency}) as reporting_currency,
        d.created_at,
        d.created_date,
        d.close_date,
        cast(date_trunc('month', d.close_date) as date) as close_month,
        d.closed_at,
        cast(timezone(${reporting_time_zone}, d.closed_at) as date) as closed_date_local,
        d.updated_at
    from typed as d
    left join owners as o on o.owner_id = d.owner_id
    left join teams as t on t.team_id = o.team_id
)

select * from final
