-- R11 Campaign Performance: per campaign (first-touch attribution, decision §8.8) the leads it brought, the deals
-- attributed to it (core.deal_attribution), won deals and amount, open pipeline, new and repeat customers, its cost
-- and ROI as numerator and denominator (roi = roi_numerator / roi_denominator = (won_amount_rc - cost_rc) / cost_rc).
-- Cost: config/reference/campaign_costs.csv (core.campaign_cost), else the CRM's own actual cost; a campaign with
-- neither is flagged has_cost_data = false with cost and ROI null ("no cost data"); cost 0 also leaves ROI
-- undefined (denominator 0). Campaign 'none' collects unattributed leads and deals, so the won amount over all rows
-- equals total won sales (R5). A won deal makes a new customer when it is its account's first-ever won deal (by
-- close date, then deal id), otherwise a repeat customer; repeat_customers counts won accounts with no first win
-- here. period_start is the month of the campaign's first e-mail send (reporting time zone), null without one.
-- Customers are canonical accounts (core.account_identity via deal_enriched), so one customer is counted once.
-- grain: one row per (campaign_id, attribution_model, source_system)
-- unique: campaign_id, attribution_model, source_system
-- not_null: campaign_id, attribution_model, source_system, period_grain
-- accepted_values: period_grain in ('campaign')
-- accepted_values: attribution_model in ('first_touch')
-- test won_within_opportunities: select * from reports.campaign_performance where won_opportunities > opportunities
-- test roi_needs_cost: select * from reports.campaign_performance where (roi_denominator is null) <> (not has_cost_data) or (roi_numerator is null) <> (roi_denominator is null)
-- test won_amount_reconciles_to_deals: select * from (select coalesce(sum(won_amount_rc), 0) as r from reports.campaign_performance) p where p.r <> (select coalesce(sum(amount_rc), 0) from core.deal_enriched where status = 'won' and close_date is not null)

with

campaigns as (
    select * from core.campaign
),

campaign_costs as (
    select * from core.campaign_cost
),

email_campaigns as (
    select * from core.email_campaign
),

leads as (
    select * from core.lead
),

enriched_deals as (
    select * from core.deal_enriched
),

deal_attribution as (
    select * from core.deal_attribution
),

live_campaigns as (
    select
        c.campaign_id,
        c.source_system,
        c.name as campaign_name,
        c.channel,
        coalesce(cc.cost_rc, case when c.currency_code = upper(${reporting_currency}) then c.actual_cost end) as cost_rc
    from campaigns as c
    left join campaign_costs as cc on cc.campaign_source_id = c.source_id
    where not c.is_deleted
),

campaign_sends as (
    select
        campaign_id,
        cast(date_trunc('month', min(timezone(${reporting_time_zone}, sent_at))) as date) as period_start,
        count(*) as emails_sent,
        sum(coalesce(sent, 0)) as sent,
        sum(coalesce(delivered, 0)) as delivered
    from email_campaigns
    where not is_deleted
      and sent_at is not null
      and campaign_id is not null
    group by campaign_id
),

campaign_leads as (
    select
        coalesce(campaign_id, 'none') as campaign_id,
        source_system,
        count(*) as leads
    from leads
    where not is_deleted
    group by all
),

attributed_deals as (
    select
        d.deal_id,
        d.source_system,
        d.status,
        d.close_date,
        d.amount_rc,
        coalesce(d.canonical_account_id, d.account_id) as account_id,
        a.campaign_id,
        a.attribution_model
    from enriched_deals as d
    join deal_attribution as a on a.deal_id = d.deal_id
),

-- each customer's first won deal (by close date, then deal id): one aggregate over the won deals, where a window
-- over every deal cost most of this report
first_wins as (
    select account_id, arg_min(deal_id, (close_date, deal_id)) as first_win_deal_id
    from attributed_deals
    where status = 'won' and close_date is not null and account_id is not null
    group by account_id
),

deals_with_first_win as (
    select
        d.*,
        coalesce(d.deal_id = f.first_win_deal_id, false) as is_first_win
    from attributed_deals as d
    left join first_wins as f on f.account_id = d.account_id
),

campaign_deals as (
    select
        campaign_id,
        attribution_model,
        source_system,
        count(*) as opportunities,
        count(*) filter (where status = 'won' and close_date is not null) as won_opportunities,
        sum(amount_rc) filter (where status = 'won' and close_date is not null) as won_amount_rc,
        sum(amount_rc) filter (where status = 'open') as pipeline_amount_rc,
        -- a customer has one first win: counting those rows counts the customers
        count(*) filter (where is_first_win) as new_customers,
        count(distinct account_id) filter (where status = 'won' and close_date is not null) as won_customers
    from deals_with_first_win
    group by all
),

campaign_keys as (
    select campaign_id, source_system from live_campaigns
    union
    select campaign_id, source_system from campaign_leads
    union
    select campaign_id, source_system from campaign_deals
),

final as (
    select
        k.campaign_id,
        'first_touch' as attribution_model,
        k.source_system,
        s.period_start,
        'campaign' as period_grain,
        coalesce(c.channel, case when k.campaign_id = 'none' then 'none' else 'unknown' end) as channel,
        coalesce(c.campaign_name, case when k.campaign_id = 'none' then 'No campaign' end) as campaign_name,
        coalesce(s.emails_sent, 0) as emails_sent,
        coalesce(s.sent, 0) as sent,
        coalesce(s.delivered, 0) as delivered,
        coalesce(l.leads, 0) as leads,
        coalesce(d.opportunities, 0) as opportunities,
        coalesce(d.won_opportunities, 0) as won_opportunities,
        cast(coalesce(d.won_amount_rc, 0) as decimal(18,2)) as won_amount_rc,
        cast(coalesce(d.pipeline_amount_rc, 0) as decimal(18,2)) as pipeline_amount_rc,
        coalesce(d.new_customers, 0) as new_customers,
        coalesce(d.won_customers, 0) - coalesce(d.new_customers, 0) as repeat_customers,
        c.cost_rc is not null as has_cost_data,
        cast(c.cost_rc as decimal(18,2)) as cost_rc,
        cast(coalesce(d.won_amount_rc, 0) - c.cost_rc as decimal(18,2)) as roi_numerator,
        cast(c.cost_rc as decimal(18,2)) as roi_denominator,
        cast(coalesce(d.won_amount_rc, 0) - c.cost_rc as double) / nullif(c.cost_rc, 0) as roi
    from campaign_keys as k
    left join live_campaigns as c
        on c.campaign_id = k.campaign_id
        and c.source_system = k.source_system
    left join campaign_sends as s on s.campaign_id = k.campaign_id
    left join campaign_leads as l
        on l.campaign_id = k.campaign_id
        and l.source_system = k.source_system
    left join campaign_deals as d
        on d.campaign_id = k.campaign_id
        and d.source_system = k.source_system
)

select * from final
