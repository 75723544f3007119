-- Call outcomes from the reference file outcome_map.csv (config/reference): the CRM's raw outcome or disposition id
-- (matched case-insensitively) -> normalized outcome and whether the call connected. source_system '*' applies to
-- every source; an exact source_system row wins. Unmapped outcomes are reported as 'unmapped' and counted.
-- grain: one row per (source_system, raw_value)
-- unique: source_system, raw_value

with

reference_map as (
    select
        fields[1] as source_system,
        fields[2] as raw_value,
        fields[3] as outcome_normalized,
        try_cast(fields[4] as boolean) as is_connected
    from reference_csv(${reference_dir} || '/outcome_map.csv')
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
