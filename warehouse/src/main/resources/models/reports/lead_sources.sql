-- R7 Lead Sources Performance: which sources and campaigns bring leads, how far those leads got, and the won
-- revenue per source. Two kinds of measures share the keys:
--   lead cohort measures, in the month the lead was created (reporting time zone): leads, and of them those that
--   reached MQL, SQL, opportunity (converted) and customer (HubSpot: the contact's lifecycle stage; stage order
--   lead < MQL < SQL < opportunity < customer, so a later stage counts as having reached the earlier ones);
--   won-deal measures, in the month the deal closed: won deals and their amount, by the deal's own original source
--   and its first-touch campaign (core.deal_attribution).
-- Sources are normalized through core.source_map (core.lead_attribution and core.deal_attribution); a lead with no
-- source or an unmapped one is 'unknown', counted in leads_unknown_source, and unmapped raw values in
-- leads_unmapped_source.
-- Campaign 'none' = no first-touch campaign.
-- grain: one row per (period_start, period_grain, source_normalized, channel, campaign_id, source_system)
-- unique: period_start, period_grain, source_normalized, channel, campaign_id, source_system
-- incremental by period period_start: select close_month from core.deal_enriched where deal_id in (select deal_id from changed_deal)
-- not_null: period_start, period_grain, source_normalized, channel, campaign_id, source_system
-- accepted_values: period_grain in ('month')
-- relationships: source_normalized -> core.source_map.source_normalized except ('unknown')
-- test cohort_stages_are_nested: select * from reports.lead_sources where not (leads >= mqls and mqls >= sqls and sqls >= opportunities and opportunities >= customers)
-- test unknown_within_leads: select * from reports.lead_sources where leads_unmapped_source > leads_unknown_source or leads_unknown_source > leads

with

leads as (
    select * from core.lead
),

lead_attribution as (
    select * from core.lead_attribution
    where attribution_model = 'first_touch'
),

deal_attribution as (
    select * from core.deal_attribution
    where attribution_model = 'first_touch'
),

enriched_deals as (
    select * from core.deal_enriched
),

mapped_leads as (
    select
        l.lead_id,
        l.source_system,
        cast(date_trunc('month', timezone(${reporting_time_zone}, l.created_at)) as date) as period_start,
        a.source_normalized,
        a.channel,
        a.campaign_id,
        a.source_is_unmapped as is_unmapped,
        lower(coalesce(l.status, '')) as stage,
        coalesce(l.is_converted, false) as is_converted
    from leads as l
    join lead_attribution as a on a.lead_id = l.lead_id
    where not l.is_deleted
      and l.created_at is not null
),

lead_counts as (
    select
        period_start,
        source_normalized,
        channel,
        campaign_id,
        source_system,
        count(*) as leads,
        count(*) filter (where stage in ('marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer')
                            or is_converted) as mqls,
        count(*) filter (where stage in ('salesqualifiedlead', 'opportunity', 'customer') or is_converted) as sqls,
        count(*) filter (where is_converted or stage in ('opportunity', 'customer')) as opportunities,
        count(*) filter (where stage = 'customer') as customers,
        count(*) filter (where source_normalized = 'unknown') as leads_unknown_source,
        count(*) filter (where is_unmapped) as leads_unmapped_source
    from mapped_leads
    group by all
),

won_deals as (
    select
        d.close_month as period_start,
        a.source_normalized,
        a.channel,
        a.campaign_id,
        d.source_system,
        count(*) as won_deals,
        sum(d.amount_rc) as won_amount_rc,
        count(*) filter (where d.amount_rc is null) as won_deals_without_amount
    from enriched_deals as d
    join deal_attribution as a on a.deal_id = d.deal_id
    where d.status = 'won'
      and d.close_date is not null
      and ${in_slice(d.close_month)}
    group by all
),

final as (
    select
        coalesce(l.period_start, w.period_start) as period_start,
        'month' as period_grain,
        coalesce(l.source_normalized, w.source_normalized) as source_normalized,
        coalesce(l.channel, w.channel) as channel,
        coalesce(l.campaign_id, w.campaign_id) as campaign_id,
        coalesce(l.source_system, w.source_system) as source_system,
        coalesce(l.leads, 0) as leads,
        coalesce(l.mqls, 0) as mqls,
        coalesce(l.sqls, 0) as sqls,
        coalesce(l.opportunities, 0) as opportunities,
        coalesce(l.customers, 0) as customers,
        coalesce(l.leads_unknown_source, 0) as leads_unknown_source,
        coalesce(l.leads_unmapped_source, 0) as leads_unmapped_source,
        coalesce(w.won_deals, 0) as won_deals,
        cast(coalesce(w.won_amount_rc, 0) as decimal(18,2)) as won_amount_rc,
        coalesce(w.won_deals_without_amount, 0) as won_deals_without_amount
    from lead_counts as l
    full join won_deals as w
        on w.period_start = l.period_start
        and w.source_normalized = l.source_normalized
        and w.channel = l.channel
        and w.campaign_id = l.campaign_id
        and w.source_system = l.source_system
)

select * from final
