-- Daily exchange rates from the reference file fx_rates.csv (config/reference), as loaded: 1 from_currency = rate to_currency.
-- grain: one row per (rate_date, from_currency, to_currency)
-- unique: rate_date, from_currency, to_currency
-- not_null: rate_date, from_currency, to_currency
-- test rate_is_positive: select * from core.fx_rate where rate is null or rate <= 0
-- test currency_codes_are_iso: select * from core.fx_rate where not regexp_full_match(from_currency, '[A-Z]{3}') or not regexp_full_match(to_currency, '[A-Z]{3}')

with

reference_rates as (
    select *
    from read_csv(
        ${reference_dir} || '/fx_rates.csv',
        header = true,
        comment = '#',
        columns = {
            'rate_date': 'date',
            'from_currency': 'varchar',
            'to_currency': 'varchar',
            'rate': 'decimal(18,8)'
        }
    )
),

final as (
    select
        rate_date,
        upper(trim(from_currency)) as from_currency,
        upper(trim(to_currency)) as to_currency,
        rate
    from reference_rates
)

select * from final
