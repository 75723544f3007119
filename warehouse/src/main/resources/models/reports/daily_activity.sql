-- Daily report: the actions taken on the prospect base per day (reporting time zone), owner and CRM, on a date
-- spine: every day from the first day of data to as_of_date has a row for every owner (zeros included), so gaps are
-- visible. Activities are dated by their own timestamp (occurred_at, else created_at) and credited to their owner;
-- leads by creation; deals by creation and, for won/lost, by close date. contacts_touched counts distinct contacts
-- of the day's activities and is not additive across days or owners (core.activity_day counts the activities).
-- grain: one row per (period_start, period_grain, owner_id, source_system)
-- unique: period_start, period_grain, owner_id, source_system
-- not_null: period_start, period_grain, owner_id, team_id, source_system
-- accepted_values: period_grain in ('day')
-- relationships: owner_id -> core.owner.owner_id except ('unassigned') where source_system in (select source_system from core.owner)
-- relationships: team_id -> core.team.team_id except ('unassigned') where source_system in (select source_system from core.team)
-- test types_add_up: select * from reports.daily_activity where calls + emails + meetings + tasks + notes <> activities
-- test every_day_present: select owner_id, source_system, count(*) as days from reports.daily_activity group by all having count(*) <> (select count(*) from core.calendar where date_day <= cast(${as_of_date} as date))

with

-- activity_days and enriched_deals are each read by two steps: not materialized (reading the table again is cheaper)
activity_days as not materialized (
    select * from core.activity_day
),

leads as (
    select * from core.lead
),

enriched_deals as not materialized (
    select * from core.deal_enriched
),

owners as (
    select * from core.owner
),

teams as (
    select * from core.team
),

calendar as (
    select * from core.calendar
),

lead_days as (
    select
        cast(timezone(${reporting_time_zone}, created_at) as date) as day,
        coalesce(owner_id, 'unassigned') as owner_id,
        source_system,
        count(*) as leads_created
    from leads
    where not is_deleted
      and created_at is not null
    group by all
),

deal_created_days as (
    select
        created_date as day,
        coalesce(owner_id, 'unassigned') as owner_id,
        source_system,
        count(*) as deals_created
    from enriched_deals
    where created_date is not null
    group by all
),

deal_closed_days as (
    select
        close_date as day,
        coalesce(owner_id, 'unassigned') as owner_id,
        source_system,
        count(*) filter (where status = 'won') as deals_won,
        coalesce(sum(amount_rc) filter (where status = 'won'), 0) as won_amount_rc,
        count(*) filter (where status = 'lost') as deals_lost
    from enriched_deals
    where status in ('won', 'lost')
      and close_date is not null
    group by all
),

people as (
    select owner_id, source_system from owners where not is_deleted
    union
    select owner_id, source_system from activity_days
    union
    select owner_id, source_system from lead_days
    union
    select owner_id, source_system from deal_created_days
    union
    select owner_id, source_system from deal_closed_days
),

spine as (
    select
        c.date_day as day,
        p.owner_id,
        p.source_system
    from calendar as c
    cross join people as p
    where c.date_day <= cast(${as_of_date} as date)
),

final as (
    select
        s.day as period_start,
        'day' as period_grain,
        s.owner_id,
        s.source_system,
        coalesce(o.name, 'unassigned') as owner_name,
        coalesce(o.team_id, 'unassigned') as team_id,
        coalesce(t.name, 'unassigned') as team_name,
        cast(coalesce(a.activities, 0) as bigint) as activities,
        cast(coalesce(a.calls, 0) as bigint) as calls,
        cast(coalesce(a.emails, 0) as bigint) as emails,
        cast(coalesce(a.meetings, 0) as bigint) as meetings,
        cast(coalesce(a.tasks, 0) as bigint) as tasks,
        cast(coalesce(a.notes, 0) as bigint) as notes,
        cast(coalesce(a.activities_completed, 0) as bigint) as activities_completed,
        cast(coalesce(a.contacts_touched, 0) as bigint) as contacts_touched,
        cast(coalesce(l.leads_created, 0) as bigint) as leads_created,
        cast(coalesce(dc.deals_created, 0) as bigint) as deals_created,
        cast(coalesce(dw.deals_won, 0) as bigint) as deals_won,
        cast(coalesce(dw.won_amount_rc, 0) as decimal(18,2)) as won_amount_rc,
        cast(coalesce(dw.deals_lost, 0) as bigint) as deals_lost
    from spine as s
    left join activity_days as a on a.day = s.day and a.owner_id = s.owner_id and a.source_system = s.source_system
    left join lead_days as l on l.day = s.day and l.owner_id = s.owner_id and l.source_system = s.source_system
    left join deal_created_days as dc on dc.day = s.day and dc.owner_id = s.owner_id and dc.source_system = s.source_system
    left join deal_closed_days as dw on dw.day = s.day and dw.owner_id = s.owner_id and dw.source_system = s.source_system
    left join owners as o on o.owner_id = s.owner_id
    left join teams as t on t.team_id = o.team_id
)

select * from final
