-- Secondary report: call outcomes per day (reporting time zone), owner, direction and normalized outcome. The CRM's
-- raw outcome (HubSpot: the call disposition id) goes through core.outcome_map; calls without one are 'unknown',
-- raw values the map does not know are 'unmapped' (counted in unmapped_outcome_calls) and count as not connected.
-- Connect rate = connected / calls; average duration = total_duration_s / calls_with_duration; talk time =
-- connected_duration_s.
-- grain: one row per (period_start, period_grain, owner_id, direction, outcome_normalized, source_system)
-- unique: period_start, period_grain, owner_id, direction, outcome_normalized, source_system
-- not_null: period_start, period_grain, owner_id, direction, outcome_normalized, source_system
-- accepted_values: period_grain in ('day')
-- relationships: owner_id -> core.owner.owner_id except ('unassigned') where source_system in (select source_system from core.owner)
-- relationships: team_id -> core.team.team_id except ('unassigned') where source_system in (select source_system from core.team)
-- test connected_within_calls: select * from reports.call_outcomes where connected > calls or calls_with_duration > calls
-- test calls_reconcile: select * from (select count(*) as n from core.activity where type = 'call' and not is_deleted and coalesce(occurred_at, created_at) is not null) a where a.n <> (select coalesce(sum(calls), 0) from reports.call_outcomes)

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
        activity_id,
        source_system,
        cast(timezone(${reporting_time_zone}, coalesce(occurred_at, created_at)) as date) as call_date,
        coalesce(owner_id, 'unassigned') as owner_id,
        coalesce(lower(direction), 'unknown') as direction,
        upper(trim(outcome_raw)) as outcome_key,
        duration_s
    from activities
    where type = 'call'
      and not is_deleted
      and coalesce(occurred_at, created_at) is not null
),

mapped_calls as (
    select
        c.*,
        case
            when c.outcome_key is null then 'unknown'
            else coalesce(exact.outcome_normalized, wildcard.outcome_normalized, 'unmapped')
        end as outcome_normalized,
        coalesce(exact.is_connected, wildcard.is_connected, false) as is_connected
    from calls as c
    left join outcome_map as exact
        on exact.source_system = c.source_system
        and exact.raw_value = c.outcome_key
    left join outcome_map as wildcard
        on wildcard.source_system = '*'
        and wildcard.raw_value = c.outcome_key
),

-- Speed: counted per day and combination first, the owner's name and team joined to the counts (not to each call).
daily_counts as (
    select
        call_date,
        owner_id,
        direction,
        outcome_normalized,
        source_system,
        count(*) as calls,
        count(*) filter (where is_connected) as connected,
        count(*) filter (where outcome_normalized = 'unmapped') as unmapped_outcome_calls,
        count(duration_s) as calls_with_duration,
        coalesce(sum(duration_s), 0) as total_duration_s,
        coalesce(sum(duration_s) filter (where is_connected), 0) as connected_duration_s
    from mapped_calls
    group by
        call_date,
        owner_id,
        direction,
        outcome_normalized,
        source_system
),

final as (
    select
        c.call_date as period_start,
        'day' as period_grain,
        c.owner_id,
        c.direction,
        c.outcome_normalized,
        c.source_system,
        coalesce(o.name, 'unassigned') as owner_name,
        o.team_id,
        c.calls,
        c.connected,
        c.unmapped_outcome_calls,
        c.calls_with_duration,
        c.total_duration_s,
        c.connected_duration_s
    from daily_counts as c
    left join owners as o on o.owner_id = c.owner_id
)

select * from final
