-- fx_convert(amount, multiplier, divisor): amount × multiplier ÷ divisor rounded half away from zero to the cent,
-- exactly (the one conversion every model uses; the rate of core.fx_rate is multiplier ÷ divisor). A vendor that
-- quotes "units per corporate unit" (Salesforce, Zoho) is divided by, as the vendor itself does, so the result
-- equals the CRM's own conversion to the cent. DuckDB divides decimals in double precision: the double quotient
-- only proposes the cent, which exact decimal products then confirm or move by one cent. Null when any input is.
create or replace macro fx_convert(amount, multiplier, divisor) as
    cast(sign(amount) * (
        case
            when (cast(round(abs(amount) * multiplier / divisor, 2) as decimal(38,2)) + 0.005) * divisor
                    <= abs(amount) * multiplier
                then cast(round(abs(amount) * multiplier / divisor, 2) as decimal(38,2)) + 0.01
            when (cast(round(abs(amount) * multiplier / divisor, 2) as decimal(38,2)) - 0.005) * divisor
                    > abs(amount) * multiplier
                then cast(round(abs(amount) * multiplier / divisor, 2) as decimal(38,2)) - 0.01
            else cast(round(abs(amount) * multiplier / divisor, 2) as decimal(38,2))
        end) as decimal(18,2))
