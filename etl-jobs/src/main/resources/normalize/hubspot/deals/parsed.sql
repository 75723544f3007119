-- HubSpot deals, set-based (HubspotDealMapper in SQL): each new raw deal's payload read once into the texts the core
-- rows need. Grain: one row per deal id (of two raw records with the same payload id, the later counts).
with raw_deals as (
    select
        _id,
        _deleted,
        _extracted_at,
        _seq,
        from_json(payload, '{"id": "JSON", "archived": "JSON", "createdAt": "JSON", "updatedAt": "JSON",
                             "properties": "MAP(VARCHAR, JSON)",
                             "associations": {"companies": "JSON", "contacts": "JSON"}}') as j
    from {new_raw}
),

deal_fields as (
    select
        coalesce(field_text(j.id), _id) as source_id,
        _deleted or coalesce(field_bool(field_text(j.archived)), false) as is_deleted,
        _extracted_at as synced_at,
        _seq,
        field_text(j.properties['dealname']) as dealname,
        field_text(j.properties['pipeline']) as pipeline,
        field_text(j.properties['dealstage']) as dealstage,
        field_text(j.properties['hs_is_closed']) as hs_is_closed,
        field_text(j.properties['hs_is_closed_won']) as hs_is_closed_won,
        field_text(j.properties['amount']) as amount,
        field_text(j.properties['deal_currency_code']) as deal_currency_code,
        field_text(j.properties['amount_in_home_currency']) as amount_in_home_currency,
        field_text(j.properties['hs_deal_stage_probability']) as hs_deal_stage_probability,
        field_text(j.properties['hs_forecast_category']) as hs_forecast_category,
        coalesce(field_instant(field_text(j.properties['createdate'])),
                 field_instant(field_text(j.createdAt))) as created_at,
        field_text(j.properties['closedate']) as closedate,
        coalesce(field_instant(field_text(j.properties['hs_lastmodifieddate'])),
                 field_instant(field_text(j.updatedAt))) as updated_at,
        field_text(j.properties['hubspot_owner_id']) as hubspot_owner_id,
        field_text(j.properties['hs_analytics_source']) as hs_analytics_source,
        field_text(j.properties['dealtype']) as dealtype,
        field_text(j.properties['closed_lost_reason']) as closed_lost_reason,
        coalesce(field_ids(j.associations.companies), []) as company_ids,
        coalesce(field_ids(j.associations.contacts), []) as contact_ids,
        -- hs_date_entered_<stage> / hs_date_exited_<stage>: the stages the deal entered, with when
        list_filter(
            list_transform(
                list_filter(map_keys(j.properties),
                            lambda k: starts_with(k, 'hs_date_entered_') and length(k) > 16),
                lambda k: {'stage': substr(k, 17),
                           'entered_at': field_instant(field_text(j.properties[k])),
                           'exited_at': field_instant(field_text(j.properties['hs_date_exited_' || substr(k, 17)]))}),
            lambda e: e.entered_at is not null) as stage_dates
    from raw_deals
)

select *
from deal_fields
qualify row_number() over (partition by source_id order by _seq desc) = 1
