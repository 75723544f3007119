-- core.activity from the parsed HubSpot engagements of one type ({type}), as HubspotEngagementMapper writes them
with typed as (
    select
        *,
        case '{type}'
            when 'call' then hs_call_title
            when 'email' then hs_email_subject
            when 'meeting' then hs_meeting_title
            when 'task' then hs_task_subject
        end as subject,
        upper(case '{type}' when 'call' then hs_call_direction when 'email' then hs_email_direction end)
            as direction_raw,
        case '{type}'
            when 'call' then hs_call_disposition
            when 'meeting' then hs_meeting_outcome
            when 'task' then hs_task_status
        end as outcome_raw,
        case '{type}'
            when 'meeting' then coalesce(meeting_start, hs_timestamp)
            else hs_timestamp
        end as occurred_at
    from {parsed}
),

done as (
    select
        *,
        case
            when '{type}' not in ('meeting', 'task') then true
            when outcome_raw is null then null
            else lower(outcome_raw) = 'completed'
        end as is_done
    from typed
)

select
    core_id({source}, 'activity', source_id) as activity_id,
    {source} as source_system,
    source_id,
    '{type}' as type,
    -- INBOUND / INCOMING_EMAIL → inbound; OUTBOUND / EMAIL / FORWARDED_EMAIL → outbound
    case
        when starts_with(direction_raw, 'IN') then 'inbound'
        when starts_with(direction_raw, 'OUT') or direction_raw = 'EMAIL' or contains(direction_raw, 'FORWARD')
            then 'outbound'
    end as direction,
    subject,
    core_id({source}, 'owner', hubspot_owner_id) as owner_id,
    core_id({source}, 'deal', deal) as deal_id,
    core_id({source}, 'contact', contact) as contact_id,
    core_id({source}, 'account', company) as account_id,
    created_at,
    occurred_at,
    case when '{type}' = 'task' then hs_timestamp end as due_at,
    case when '{type}' = 'task' and is_done then task_completed_at end as completed_at,
    is_done,
    outcome_raw,
    -- (int) Math.min(Integer.MAX_VALUE, Math.round(ms / 1000.0)); least() would skip a null
    case when '{type}' = 'call' and call_duration_ms is not null
         then java_int(least(2147483647, floor(cast(call_duration_ms as double) / 1000.0 + 0.5))) end as duration_s,
    case when '{type}' = 'call' then hs_call_recording_url end as recording_url,
    is_deleted,
    synced_at
from done
