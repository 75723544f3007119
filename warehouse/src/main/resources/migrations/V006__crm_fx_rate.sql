-- Each CRM's own exchange rates, as the CRM gives them (issue 10: rates come from the CRMs first). Written by the
-- normalizers from the landed rate streams; core.fx_rate turns them into rates into the reporting currency.
--   rate_kind   salesforce_dated (DatedConversionRate, advanced currency management) | salesforce_currency_type
--               (CurrencyType) | hubspot_portal (settings API exchange rates) | zoho_org (org currencies)
--   base_currency the CRM's corporate / company / home currency, the currency its rates are quoted against
--   rate_quote  per_base: rate = units of currency_code per 1 base_currency (Salesforce ConversionRate, Zoho
--               exchange_rate); in_base: rate = base_currency units per 1 currency_code (HubSpot conversionRate)
--   valid_from / valid_to: the days the rate applies, valid_to exclusive (Salesforce StartDate / NextStartDate,
--               HubSpot effectiveAt up to the next one); 0001-01-01 / 9999-12-31 for a rate without dates

create table if not exists core.crm_fx_rate (
    source_system   varchar not null,
    rate_kind       varchar not null,
    source_id       varchar not null,
    base_currency   varchar not null,
    currency_code   varchar not null,
    rate            decimal(38,12) not null,
    rate_quote      varchar not null,
    valid_from      date not null,
    valid_to        date not null,
    synced_at       timestamptz not null
);

-- the warnings of a transform (`-- warn` data tests that found rows; they never fail it), one per line
alter table meta.transform_run add column if not exists warnings varchar;
