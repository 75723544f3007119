-- Every exchange rate into the reporting currency the warehouse knows, each with where it comes from and the days
-- it is valid (valid_to exclusive). amount in from_currency × rate_multiplier ÷ rate_divisor = amount in the
-- reporting currency (macro fx_convert); rate is that quotient, for people. Two origins:
--   user_csv (source_system 'fx_rates.csv'): the user's reference file fx_rates.csv, 1 from_currency = rate
--     to_currency, each row valid from its rate_date to the pair's next row; only rows into the reporting currency.
--   a CRM's own rates (core.crm_fx_rate, source_system = the CRM source): a currency goes to the CRM's base
--     currency and on to the reporting currency with that CRM's rates of the same kind, over the days both are
--     valid: Salesforce DatedConversionRate (salesforce_dated) and CurrencyType (salesforce_currency_type), HubSpot's
--     portal exchange rates (hubspot_portal), Zoho's org currencies (zoho_org). A quote in units per base unit is
--     divided by (as the CRM does), one in base units per unit multiplied by.
-- Which rate converts what is decided once, in core.fx_rate_daily.
-- grain: one row per (source_system, rate_kind, from_currency, valid_from)
-- unique: source_system, rate_kind, from_currency, valid_from
-- test rate_is_positive: select * from core.fx_rate where rate_multiplier is null or rate_multiplier <= 0 or rate_divisor is null or rate_divisor <= 0
-- not_null: source_system, rate_kind, from_currency, valid_from
-- test currency_codes_are_iso: select * from core.fx_rate where not regexp_full_match(from_currency, '[A-Z]{3}') or not regexp_full_match(to_currency, '[A-Z]{3}')
-- test validity_is_a_span: select * from core.fx_rate where valid_to <= valid_from
-- test fx_rates_csv_lines_parse: select 'fx_rates.csv' as file, line_number, fields from reference_csv(${reference_dir} || '/fx_rates.csv') where len(fields) <> 4 or try_cast(fields[1] as date) is null or fields[2] is null or fields[3] is null or try_cast(fields[4] as decimal(18,8)) is null

with

-- the user's file (missing: no user rates, as for every reference file); a line whose date or rate does not parse is
-- left out and fails the build through the test fx_rates_csv_lines_parse, which names it
reference_rates as (
    select
        try_cast(fields[1] as date) as rate_date,
        fields[2] as from_currency,
        fields[3] as to_currency,
        try_cast(fields[4] as decimal(18,8)) as rate
    from reference_csv(${reference_dir} || '/fx_rates.csv')
    where try_cast(fields[1] as date) is not null
      and try_cast(fields[4] as decimal(18,8)) is not null
),

crm_rates as (
    select * from core.crm_fx_rate
),

user_csv_rates as (
    select
        'fx_rates.csv' as source_system,
        'user_csv' as rate_kind,
        upper(trim(from_currency)) as from_currency,
        upper(trim(to_currency)) as to_currency,
        rate_date as valid_from,
        coalesce(lead(rate_date) over (partition by upper(trim(from_currency)) order by rate_date),
            date '9999-12-31') as valid_to,
        cast(rate as decimal(38,12)) as rate_multiplier,
        cast(1 as decimal(38,12)) as rate_divisor,
        cast(null as varchar) as base_currency
    from reference_rates
    where upper(trim(to_currency)) = upper(${reporting_currency})
      and upper(trim(from_currency)) <> upper(${reporting_currency})
),

-- each CRM currency as a step to the CRM's base currency; the base itself at 1, so it can be either end
crm_to_base as (
    select
        source_system,
        rate_kind,
        base_currency,
        currency_code,
        valid_from,
        valid_to,
        case when rate_quote = 'in_base' then rate else cast(1 as decimal(38,12)) end as to_base_multiplier,
        case when rate_quote = 'in_base' then cast(1 as decimal(38,12)) else rate end as to_base_divisor
    from crm_rates
    where currency_code <> base_currency
      and rate > 0
    union all
    select distinct
        source_system,
        rate_kind,
        base_currency,
        base_currency,
        date '0001-01-01',
        date '9999-12-31',
        cast(1 as decimal(38,12)),
        cast(1 as decimal(38,12))
    from crm_rates
),

-- from_currency -> base -> reporting currency: the base step's multiplier and divisor swap for the second leg
crm_pair_rates as (
    select
        x.source_system,
        x.rate_kind,
        x.currency_code as from_currency,
        upper(${reporting_currency}) as to_currency,
        greatest(x.valid_from, r.valid_from) as valid_from,
        least(x.valid_to, r.valid_to) as valid_to,
        cast(x.to_base_multiplier * r.to_base_divisor as decimal(38,12)) as rate_multiplier,
        cast(x.to_base_divisor * r.to_base_multiplier as decimal(38,12)) as rate_divisor,
        x.base_currency
    from crm_to_base as x
    join crm_to_base as r
        on r.source_system = x.source_system
        and r.rate_kind = x.rate_kind
        and r.currency_code = upper(${reporting_currency})
        and r.valid_from < x.valid_to
        and x.valid_from < r.valid_to
    where x.currency_code <> upper(${reporting_currency})
),

all_rates as (
    select * from user_csv_rates
    union all by name
    select * from crm_pair_rates
),

final as (
    select
        source_system,
        rate_kind,
        from_currency,
        to_currency,
        valid_from,
        valid_to,
        rate_multiplier,
        rate_divisor,
        cast(rate_multiplier / rate_divisor as decimal(18,8)) as rate,
        base_currency
    from all_rates
)

select * from final
