-- Loss and ticket reasons from the reference file reason_map.csv (config/reference): raw reason (matched
-- case-insensitively) -> normalized reason, per domain (loss = deal lost reasons, ticket = ticket categories);
-- is_complaint marks ticket reasons that are product complaints. source_system '*' applies to every source; an
-- exact source_system row wins. Unmapped reasons are reported as 'unmapped' and counted.
-- grain: one row per (source_system, domain, raw_value)
-- unique: source_system, domain, raw_value
-- test domain_is_known: select * from core.reason_map where domain not in ('loss', 'ticket')

with

reference_map as (
    select
        fields[1] as source_system,
        fields[2] as domain,
        fields[3] as raw_value,
        fields[4] as normalized,
        try_cast(fields[5] as boolean) as is_complaint
    from reference_csv(${reference_dir} || '/reason_map.csv')
),

final as (
    select
        trim(source_system) as source_system,
        lower(trim(domain)) as domain,
        upper(trim(raw_value)) as raw_value,
        lower(trim(normalized)) as normalized,
        coalesce(is_complaint, false) as is_complaint
    from reference_map
)

select * from final
