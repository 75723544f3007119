-- Call outcomes from the reference file outcome_map.csv (config/reference): the CRM's raw outcome or disposition id
-- (matched case-insensitively) -> normalized outcome and whether the call connected. source_system '*' applies to
-- every source; an exact source_system row wins. Unmapped outcomes are reported as 'unmapped' and counted.
-- grain: one row per (source_system, raw_value)
-- unique: source_system, raw_value

with

reference_map as (
    -- read as text: a missing file gives no rows (every value then reports as unmapped / without cost) instead of
    -- failing the build; plain comma-separated values, no quoting, the header line is skipped
    select
        nullif(trim(fields[1]), '') as source_system,
        nullif(trim(fields[2]), '') as raw_value,
        nullif(trim(fields[3]), '') as outcome_normalized,
        try_cast(nullif(trim(fields[4]), '') as boolean) as is_connected
    from (
        select
            line,
            string_split(line, ',') as fields,
            line_number
        from (
            select
                unnest(string_split(replace(content, chr(13), ''), chr(10))) as line,
                generate_subscripts(string_split(replace(content, chr(13), ''), chr(10)), 1) as line_number
            from read_text(${reference_dir} || '/outcome_map.csv')
        )
    )
    where line_number > 1
      and trim(line) <> ''
),

final as (
    select
        trim(source_system) as source_system,
        upper(trim(raw_value)) as raw_value,
        lower(trim(outcome_normalized)) as outcome_normalized,
        coalesce(is_connected, false) as is_connected
    from reference_map
)

select * from final
