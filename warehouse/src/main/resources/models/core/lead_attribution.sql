-- Each live lead's marketing attribution, first touch (decision §8.8), the lead-side twin of core.deal_attribution:
-- the lead's own first-touch campaign ('none' without one), and its lead source mapped through core.source_map
-- (exact source_system first, then '*'), 'unknown' when the lead has no source or the map does not know it
-- (source_is_unmapped then says which). Every report that shows a lead's source_normalized takes it from here.
-- grain: one row per (lead_id, attribution_model)
-- unique: lead_id, attribution_model
-- not_null: lead_id, attribution_model, campaign_id, source_normalized, channel
-- accepted_values: attribution_model in ('first_touch')
-- relationships: lead_id -> core.lead.lead_id
-- relationships: source_normalized -> core.source_map.source_normalized except ('unknown')

with

leads as (
    select * from core.lead
),

source_map as (
    select * from core.source_map
),

live_leads as (
    select
        lead_id,
        source_system,
        upper(trim(lead_source_raw)) as lead_source_key,
        campaign_id
    from leads
    where not is_deleted
),

final as (
    select
        l.lead_id,
        'first_touch' as attribution_model,
        coalesce(l.campaign_id, 'none') as campaign_id,
        coalesce(exact.source_normalized, wildcard.source_normalized, 'unknown') as source_normalized,
        coalesce(exact.channel, wildcard.channel, 'unknown') as channel,
        l.lead_source_key is not null
            and exact.raw_value is null
            and wildcard.raw_value is null as source_is_unmapped
    from live_leads as l
    left join source_map as exact
        on exact.source_system = l.source_system
        and exact.raw_value = l.lead_source_key
    left join source_map as wildcard
        on wildcard.source_system = '*'
        and wildcard.raw_value = l.lead_source_key
)

select * from final
