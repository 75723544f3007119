-- The activities per local day (reporting time zone), owner and CRM, counted once for reports.daily_activity: dating
-- five million activities in the reporting zone is most of that report's cost, and activities change independently
-- of deals, so a build where only deals changed keeps this table as it is. Activities are dated by their own timestamp
-- (occurred_at, else created_at) and credited to their owner ('unassigned' without one); deleted ones do not count.
-- contacts_touched counts distinct contacts of the day's activities and is not additive across days or owners.
-- grain: one row per (day, owner_id, source_system)
-- unique: day, owner_id, source_system
-- not_null: day, owner_id

with

activities as (
    select * from core.activity
),

live_activities as (
    select
        cast(timezone(${reporting_time_zone}, coalesce(occurred_at, created_at)) as date) as day,
        coalesce(owner_id, 'unassigned') as owner_id,
        source_system,
        type,
        is_done,
        contact_id
    from activities
    where not is_deleted
      and coalesce(occurred_at, created_at) is not null
),

final as (
    select
        day,
        owner_id,
        source_system,
        count(*) as activities,
        count(*) filter (where type = 'call') as calls,
        count(*) filter (where type = 'email') as emails,
        count(*) filter (where type = 'meeting') as meetings,
        count(*) filter (where type = 'task') as tasks,
        count(*) filter (where type = 'note') as notes,
        count(*) filter (where is_done) as activities_completed,
        count(distinct contact_id) as contacts_touched
    from live_activities
    group by all
)

select * from final
