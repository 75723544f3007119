-- HubSpot engagements of one type ({type}: call, email, meeting or task), set-based (HubspotEngagementMapper in SQL):
-- each new raw engagement's payload read once into the values core.activity needs. Grain: one row per engagement id
-- (of two raw records with the same payload id, the later counts). Notes stay with the Java mapper: their subject is
-- Vocabulary.firstLine, a Java regex and strip() this SQL does not reproduce.
with raw_engagements as (
    select
        _id,
        _deleted,
        _extracted_at,
        _seq,
        payload,
        from_json(payload, '{"id": "VARCHAR", "archived": "VARCHAR", "createdAt": "VARCHAR",
                             "associations": {"companies": "JSON", "contacts": "JSON", "deals": "JSON"},
                             "properties": {"hs_timestamp": "VARCHAR", "hs_createdate": "VARCHAR", "hubspot_owner_id": "VARCHAR",
                                            "hs_call_title": "VARCHAR", "hs_call_direction": "VARCHAR", "hs_call_disposition": "VARCHAR",
                                            "hs_call_duration": "VARCHAR", "hs_call_recording_url": "VARCHAR", "hs_email_subject": "VARCHAR",
                                            "hs_email_direction": "VARCHAR", "hs_meeting_title": "VARCHAR", "hs_meeting_outcome": "VARCHAR",
                                            "hs_meeting_start_time": "VARCHAR", "hs_task_subject": "VARCHAR", "hs_task_status": "VARCHAR",
                                            "hs_task_completion_date": "VARCHAR"}}') as j
    from {new_raw}
),

engagement_texts as (
    select
        _id,
        _deleted,
        _extracted_at,
        _seq,
        field_text(j.id, payload, '/id') as id,
        field_text(j.archived, payload, '/archived') as archived,
        field_text(j.createdAt, payload, '/createdAt') as created_at_top,
        field_text(j.properties.hs_timestamp, payload, '/properties/hs_timestamp') as hs_timestamp,
        field_text(j.properties.hs_createdate, payload, '/properties/hs_createdate') as hs_createdate,
        field_text(j.properties.hubspot_owner_id, payload, '/properties/hubspot_owner_id') as hubspot_owner_id,
        field_text(j.properties.hs_call_title, payload, '/properties/hs_call_title') as hs_call_title,
        field_text(j.properties.hs_call_direction, payload, '/properties/hs_call_direction') as hs_call_direction,
        field_text(j.properties.hs_call_disposition, payload, '/properties/hs_call_disposition') as hs_call_disposition,
        field_text(j.properties.hs_call_duration, payload, '/properties/hs_call_duration') as hs_call_duration,
        field_text(j.properties.hs_call_recording_url, payload, '/properties/hs_call_recording_url') as hs_call_recording_url,
        field_text(j.properties.hs_email_subject, payload, '/properties/hs_email_subject') as hs_email_subject,
        field_text(j.properties.hs_email_direction, payload, '/properties/hs_email_direction') as hs_email_direction,
        field_text(j.properties.hs_meeting_title, payload, '/properties/hs_meeting_title') as hs_meeting_title,
        field_text(j.properties.hs_meeting_outcome, payload, '/properties/hs_meeting_outcome') as hs_meeting_outcome,
        field_text(j.properties.hs_meeting_start_time, payload, '/properties/hs_meeting_start_time') as hs_meeting_start_time,
        field_text(j.properties.hs_task_subject, payload, '/properties/hs_task_subject') as hs_task_subject,
        field_text(j.properties.hs_task_status, payload, '/properties/hs_task_status') as hs_task_status,
        field_text(j.properties.hs_task_completion_date, payload, '/properties/hs_task_completion_date') as hs_task_completion_date,
        field_ids(j.associations.deals) as deal_ids,
        field_ids(j.associations.contacts) as contact_ids,
        field_ids(j.associations.companies) as company_ids
    from raw_engagements
),

engagement_fields as (
    select
        '{type}' || '-' || coalesce(id, _id) as source_id,
        _deleted or coalesce(field_bool(archived), false) as is_deleted,
        _extracted_at as synced_at,
        _seq,
        coalesce(field_instant(hs_createdate), field_instant(created_at_top)) as created_at,
        field_instant(hs_timestamp) as hs_timestamp,
        field_instant(hs_meeting_start_time) as meeting_start,
        field_instant(hs_task_completion_date) as task_completed_at,
        field_whole(hs_call_duration) as call_duration_ms,
        hubspot_owner_id,
        hs_call_title,
        hs_call_direction,
        hs_call_disposition,
        hs_call_recording_url,
        hs_email_subject,
        hs_email_direction,
        hs_meeting_title,
        hs_meeting_outcome,
        hs_task_subject,
        hs_task_status,
        deal_ids[1] as deal,
        contact_ids[1] as contact,
        company_ids[1] as company
    from engagement_texts
)

select *
from engagement_fields
qualify row_number() over (partition by source_id order by _seq desc) = 1
