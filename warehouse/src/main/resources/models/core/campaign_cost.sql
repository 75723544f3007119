-- Campaign costs from the reference file campaign_costs.csv (config/reference): the total actual cost of each
-- campaign, keyed by the CRM's campaign id (HubSpot: the campaign guid), converted to the reporting currency at the
-- as_of_date rate of core.fx_rate_daily (fx_rates.csv, else any CRM's). A cost whose currency has no rate keeps cost_rc null and fx_missing = true.
-- campaign_name is documentation only. The file applies to every source holding that campaign id.
-- grain: one row per campaign source id
-- unique: campaign_source_id
-- test cost_is_not_negative: select * from core.campaign_cost where cost < 0
-- test fx_missing_is_flagged: select * from core.campaign_cost where cost_rc is null and not fx_missing

with

reference_costs as (
    select
        fields[1] as campaign_id,
        fields[2] as campaign_name,
        try_cast(fields[3] as decimal(18,2)) as cost,
        fields[4] as currency
    from reference_csv(${reference_dir} || '/campaign_costs.csv')
),

fx_rates as (
    select * from core.fx_rate_daily
    where source_system = '*'
),

costs as (
    select
        trim(campaign_id) as campaign_source_id,
        campaign_name,
        cost,
        upper(trim(currency)) as currency_code,
        cast(${as_of_date} as date) as fx_rate_date
    from reference_costs
),

costs_with_rate as (
    select
        c.*,
        case when c.currency_code = upper(${reporting_currency}) then 1 else r.rate_multiplier end as rate_multiplier,
        case when c.currency_code = upper(${reporting_currency}) then 1 else r.rate_divisor end as rate_divisor
    from costs as c
    left join fx_rates as r
        on r.from_currency = c.currency_code
        and r.rate_date = c.fx_rate_date
),

final as (
    select
        campaign_source_id,
        campaign_name,
        cost,
        currency_code,
        fx_convert(cost, rate_multiplier, rate_divisor) as cost_rc,
        rate_multiplier is null as fx_missing
    from costs_with_rate
)

select * from final
