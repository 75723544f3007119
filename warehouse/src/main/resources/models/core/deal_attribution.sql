-- Each counted deal's marketing attribution, first touch (decision §8.8): the deal's own primary campaign source when
-- the CRM has one (Salesforce Opportunity.CampaignId), else the campaign of its primary contact's first touch
-- (core.touch, touch_type 'first'; kept when the contact was later deleted, the touch happened), else campaign
-- 'none' with weight 0; and its lead source mapped through core.source_map (exact source_system first,
-- then '*'), 'unknown' when the deal has no source or the map does not know it (source_is_unmapped then says which).
-- grain: one row per (deal_id, attribution_model)
-- unique: deal_id, attribution_model
-- incremental by key deal_id
-- not_null: deal_id, attribution_model, campaign_id, source_normalized, channel, sales_channel
-- accepted_values: attribution_model in ('first_touch')
-- accepted_values: sales_channel in ('direct', 'partner')
-- relationships: deal_id -> core.deal_enriched.deal_id
-- relationships: source_normalized -> core.source_map.source_normalized except ('unknown')
-- test weight_is_one_or_zero: select * from core.deal_attribution where not ((campaign_id = 'none' and weight = 0) or (campaign_id <> 'none' and weight = 1))
-- test every_deal_is_attributed: select d.deal_id from core.deal_enriched d anti join core.deal_attribution a on a.deal_id = d.deal_id

with

enriched_deals as (
    select * from core.deal_enriched
    where ${in_slice(deal_id)}
),

touches as (
    select * from core.touch
),

source_map as (
    select * from core.source_map
),

first_touches as (
    select
        contact_id,
        campaign_id
    from touches
    where touch_type = 'first'
      and campaign_id is not null
    qualify row_number() over (partition by contact_id order by touched_at nulls last, touch_id) = 1
),

deals_with_campaign as (
    select
        d.deal_id,
        d.source_system,
        upper(trim(d.lead_source_raw)) as lead_source_key,
        coalesce(d.campaign_id, t.campaign_id) as campaign_id
    from enriched_deals as d
    left join first_touches as t on t.contact_id = d.primary_contact_id
),

final as (
    select
        d.deal_id,
        'first_touch' as attribution_model,
        coalesce(d.campaign_id, 'none') as campaign_id,
        case when d.campaign_id is null then 0 else 1 end as weight,
        coalesce(exact.source_normalized, wildcard.source_normalized, 'unknown') as source_normalized,
        coalesce(exact.channel, wildcard.channel, 'unknown') as channel,
        coalesce(exact.sales_channel, wildcard.sales_channel, 'direct') as sales_channel,
        d.lead_source_key is not null
            and exact.raw_value is null
            and wildcard.raw_value is null as source_is_unmapped
    from deals_with_campaign as d
    left join source_map as exact
        on exact.source_system = d.source_system
        and exact.raw_value = d.lead_source_key
    left join source_map as wildcard
        on wildcard.source_system = '*'
        and wildcard.raw_value = d.lead_source_key
)

select * from final
