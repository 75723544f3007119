-- Lead-source normalization from the reference file source_map.csv (config/reference): each CRM's raw source value
-- (matched case-insensitively) -> one canonical source, its marketing channel and its sales channel (direct, or
-- partner for sales through an intermediary). source_system '*' applies to every source; an exact source_system
-- row wins over it. Values missing from the map become source 'unknown' and are counted as unmapped by the reports.
-- grain: one row per (source_system, raw_value)
-- unique: source_system, raw_value
-- test sales_channel_is_known: select * from core.source_map where sales_channel not in ('direct', 'partner')

with

reference_map as (
    select
        fields[1] as source_system,
        fields[2] as raw_value,
        fields[3] as source_normalized,
        fields[4] as channel,
        fields[5] as sales_channel
    from reference_csv(${reference_dir} || '/source_map.csv')
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
