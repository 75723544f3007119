-- core.deal_stage_history: a row per hs_date_entered_<stage> of each parsed HubSpot deal, numbered by entry time then
-- stage id; a deal without any gets one inferred row (its current stage, entered at creation)
with entries as (
    select
        source_id,
        pipeline,
        synced_at,
        unnest(stage_dates) as entry
    from {parsed}
),

history as (
    select
        core_id({source}, 'deal', source_id) as deal_id,
        {source} as source_system,
        cast(row_number() over (partition by source_id order by entry.entered_at, entry.stage) as integer) as seq,
        core_id({source}, 'pipeline', pipeline) as pipeline_id,
        core_id({source}, 'stage', entry.stage) as stage_id,
        entry.entered_at as entered_at,
        entry.exited_at as exited_at,
        'history' as origin,
        synced_at
    from entries
),

inferred as (
    select
        core_id({source}, 'deal', source_id) as deal_id,
        {source} as source_system,
        1 as seq,
        core_id({source}, 'pipeline', pipeline) as pipeline_id,
        core_id({source}, 'stage', dealstage) as stage_id,
        created_at as entered_at,
        cast(null as timestamptz) as exited_at,
        'inferred' as origin,
        synced_at
    from {parsed}
    where len(stage_dates) = 0 and dealstage is not null and created_at is not null
)

select * from history
union all
select * from inferred
