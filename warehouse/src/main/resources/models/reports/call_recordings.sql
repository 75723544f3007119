-- Secondary report: every call with its recording, for listening back and for recording coverage
-- (recording_coverage = recorded_connected_calls / connected_calls; calls, connected_calls and
-- recorded_connected_calls are 0/1 counters so that any set of calls adds up).
-- Outcomes as in reports.call_outcomes. Recording URLs can expire and are sensitive: expose this table with care.
-- grain: one row per call
-- unique: activity_id
-- not_null: activity_id, period_grain, owner_id, source_system
-- accepted_values: period_grain in ('day')
-- relationships: owner_id -> core.owner.owner_id except ('unassigned') where source_system in (select source_system from core.owner)
-- relationships: team_id -> core.team.team_id except ('unassigned') where source_system in (select source_system from core.team)
-- test recording_flag_matches_url: select * from reports.call_recordings where has_recording <> (recording_url is not null)

with

activities as (
    select * from core.activity
),

owners as (
    select * from core.owner
),

outcome_map as (
    select * from core.outcome_map
),

calls as (
    select
        *,
        upper(trim(outcome_raw)) as outcome_key
    from activities
    where type = 'call'
      and not is_deleted
),

final as (
    select
        cast(timezone(${reporting_time_zone}, coalesce(c.occurred_at, c.created_at)) as date) as period_start,
        'day' as period_grain,
        c.activity_id,
        c.source_system,
        coalesce(c.owner_id, 'unassigned') as owner_id,
        coalesce(o.name, 'unassigned') as owner_name,
        o.team_id,
        c.contact_id,
        c.deal_id,
        c.account_id,
        coalesce(c.occurred_at, c.created_at) as started_at,
        coalesce(lower(c.direction), 'unknown') as direction,
        c.duration_s,
        case
            when c.outcome_key is null then 'unknown'
            else coalesce(exact.outcome_normalized, wildcard.outcome_normalized, 'unmapped')
        end as outcome_normalized,
        coalesce(exact.is_connected, wildcard.is_connected, false) as is_connected,
        c.recording_url,
        c.recording_url is not null as has_recording,
        1 as calls,
        case when coalesce(exact.is_connected, wildcard.is_connected, false) then 1 else 0 end as connected_calls,
        case when coalesce(exact.is_connected, wildcard.is_connected, false) and c.recording_url is not null then 1 else 0 end
            as recorded_connected_calls,
        case when coalesce(exact.is_connected, wildcard.is_connected, false)
            then case when c.recording_url is not null then cast(1 as double) else cast(0 as double) end end as recording_coverage
    from calls as c
    left join owners as o on o.owner_id = c.owner_id
    left join outcome_map as exact
        on exact.source_system = c.source_system
        and exact.raw_value = c.outcome_key
    left join outcome_map as wildcard
        on wildcard.source_system = '*'
        and wildcard.raw_value = c.outcome_key
)

select * from final
