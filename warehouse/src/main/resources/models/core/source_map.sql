-- Lead-source normalization from the reference file source_map.csv (config/reference): each CRM's raw source value
-- (matched case-insensitively) -> one canonical source, its marketing channel and its sales channel (direct, or
-- partner for sales through an intermediary). source_system '*' applies to every source; an exact source_system
-- row wins over it. Values missing from the map become source 'unknown' and are counted as unmapped by the reports.
-- grain: one row per (source_system, raw_value)
-- unique: source_system, raw_value
-- test sales_channel_is_known: select * from core.source_map where sales_channel not in ('direct', 'partner')

with

reference_map as (
    -- read as text: a missing file gives no rows (every value then reports as unmapped / without cost) instead of
    -- failing the build; plain comma-separated values, no quoting, the header line is skipped
    select
        nullif(trim(fields[1]), '') as source_system,
        nullif(trim(fields[2]), '') as raw_value,
        nullif(trim(fields[3]), '') as source_normalized,
        nullif(trim(fields[4]), '') as channel,
        nullif(trim(fields[5]), '') as sales_channel
    from (
        select
            line,
            string_split(line, ',') as fields,
            line_number
        from (
            select
                unnest(string_split(replace(content, chr(13), ''), chr(10))) as line,
                generate_subscripts(string_split(replace(content, chr(13), ''), chr(10)), 1) as line_number
            from read_text(${reference_dir} || '/source_map.csv')
        )
    )
    where line_number > 1
      and trim(line) <> ''
),

final as (
    select
        trim(source_system) as source_system,
        upper(trim(raw_value)) as raw_value,
        lower(trim(source_normalized)) as source_normalized,
        lower(trim(channel)) as channel,
        coalesce(lower(trim(sales_channel)), 'direct') as sales_channel
    from reference_map
)

select * from final
