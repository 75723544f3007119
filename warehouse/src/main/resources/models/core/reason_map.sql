-- Loss and ticket reasons from the reference file reason_map.csv (config/reference): raw reason (matched
-- case-insensitively) -> normalized reason, per domain (loss = deal lost reasons, ticket = ticket categories);
-- is_complaint marks ticket reasons that are product complaints. source_system '*' applies to every source; an
-- exact source_system row wins. Unmapped reasons are reported as 'unmapped' and counted.
-- grain: one row per (source_system, domain, raw_value)
-- unique: source_system, domain, raw_value
-- test domain_is_known: select * from core.reason_map where domain not in ('loss', 'ticket')

with

reference_map as (
    -- read as text: a missing file gives no rows (every value then reports as unmapped / without cost) instead of
    -- failing the build; plain comma-separated values, no quoting, the header line is skipped
    select
        nullif(trim(fields[1]), '') as source_system,
        nullif(trim(fields[2]), '') as domain,
        nullif(trim(fields[3]), '') as raw_value,
        nullif(trim(fields[4]), '') as normalized,
        try_cast(nullif(trim(fields[5]), '') as boolean) as is_complaint
    from (
        select
            line,
            string_split(line, ',') as fields,
            line_number
        from (
            select
                unnest(string_split(replace(content, chr(13), ''), chr(10))) as line,
                generate_subscripts(string_split(replace(content, chr(13), ''), chr(10)), 1) as line_number
            from read_text(${reference_dir} || '/reason_map.csv')
        )
    )
    where line_number > 1
      and trim(line) <> ''
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
