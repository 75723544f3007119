-- R3 E-mail Outcomes: the results of each sent marketing e-mail, by its send day (in the reporting time zone) and
-- its campaign. Counters are the CRM's aggregates (HubSpot marketing e-mail statistics): opened and clicked are
-- HubSpot's open and click counters (contacts who opened / clicked). Rates are stored per row and recomputed from
-- their numerator and denominator columns when rows are added up: delivery_rate = delivered/sent, open_rate =
-- opened/delivered, click_rate = clicked/delivered, click_to_open_rate = clicked/opened (may exceed 1 when images
-- are blocked, so it is not tested). Unsent e-mails (drafts, scheduled) are left out; 1:1 sales e-mails are
-- activities, not here.
-- grain: one row per (email_campaign_id, send_date, source_system)
-- unique: email_campaign_id, send_date, source_system
-- not_null: email_campaign_id, send_date, period_grain, source_system
-- accepted_values: period_grain in ('day')
-- test delivered_within_sent: select * from reports.email_outcomes where delivered > sent or bounced + delivered > sent
-- test opens_and_clicks_within_delivered: select * from reports.email_outcomes where opened > delivered or clicked > delivered
-- test counts_not_negative: select * from reports.email_outcomes where least(sent, delivered, opened, clicked, bounced, unsubscribes, spam_reports) < 0

with

email_campaigns as (
    select * from core.email_campaign
),

campaigns as (
    select * from core.campaign
),

sent_emails as (
    select
        *,
        cast(timezone(${reporting_time_zone}, sent_at) as date) as send_date
    from email_campaigns
    where not is_deleted
      and sent_at is not null
),

final as (
    select
        e.send_date as period_start,
        'day' as period_grain,
        e.email_campaign_id,
        e.send_date,
        e.source_system,
        coalesce(e.campaign_id, 'none') as campaign_id,
        c.name as campaign_name,
        'email' as channel,
        e.name as email_name,
        e.subject,
        coalesce(e.sent, 0) as sent,
        coalesce(e.delivered, 0) as delivered,
        coalesce(e.bounced, 0) as bounced,
        coalesce(e.opened, 0) as opened,
        coalesce(e.clicked, 0) as clicked,
        coalesce(e.unsubscribed, 0) as unsubscribes,
        coalesce(e.spam_reports, 0) as spam_reports,
        cast(coalesce(e.delivered, 0) as double) / nullif(coalesce(e.sent, 0), 0) as delivery_rate,
        cast(coalesce(e.opened, 0) as double) / nullif(coalesce(e.delivered, 0), 0) as open_rate,
        cast(coalesce(e.clicked, 0) as double) / nullif(coalesce(e.delivered, 0), 0) as click_rate,
        cast(coalesce(e.clicked, 0) as double) / nullif(coalesce(e.opened, 0), 0) as click_to_open_rate
    from sent_emails as e
    left join campaigns as c
        on c.campaign_id = e.campaign_id
        and not c.is_deleted
)

select * from final
