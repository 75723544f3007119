-- HubSpot deals, set-based (HubspotDealMapper in SQL): each new raw deal's payload read once into the values the core
-- rows need. Grain: one row per deal id (of two raw records with the same payload id, the later counts). Each step
-- reads the columns of the one before: a macro applied to another macro's result would repeat its work.
with raw_deals as (
    select
        _id,
        _deleted,
        _extracted_at,
        _seq,
        payload,
        from_json(payload, '{"id": "VARCHAR", "archived": "VARCHAR", "createdAt": "VARCHAR", "updatedAt": "VARCHAR",
                             "associations": {"companies": "JSON", "contacts": "JSON"},
                             "properties": {"dealname": "VARCHAR", "pipeline": "VARCHAR", "dealstage": "VARCHAR", "hs_is_closed": "VARCHAR",
                                            "hs_is_closed_won": "VARCHAR", "amount": "VARCHAR", "deal_currency_code": "VARCHAR",
                                            "amount_in_home_currency": "VARCHAR", "hs_deal_stage_probability": "VARCHAR",
                                            "hs_forecast_category": "VARCHAR", "createdate": "VARCHAR", "closedate": "VARCHAR",
                                            "hs_lastmodifieddate": "VARCHAR", "hubspot_owner_id": "VARCHAR", "hs_analytics_source": "VARCHAR",
                                            "dealtype": "VARCHAR", "closed_lost_reason": "VARCHAR"}}') as j,
        -- every property's name and value, in the same order, one parse each: the dynamic keys
        -- hs_date_entered_<stage> / hs_date_exited_<stage> are read from these (a map of all properties costs four
        -- times as much, and one json_extract_string per stage key parses the payload again for every key)
        json_keys(payload, '$.properties') as property_keys,
        json_extract_string(payload, '$.properties.*') as property_values
    from {new_raw}
),

deal_texts as (
    select
        _id,
        _deleted,
        _extracted_at,
        _seq,
        field_text(j.id, payload, '/id') as id,
        field_text(j.archived, payload, '/archived') as archived,
        field_text(j.createdAt, payload, '/createdAt') as created_at_top,
        field_text(j.updatedAt, payload, '/updatedAt') as updated_at_top,
        field_text(j.properties.dealname, payload, '/properties/dealname') as dealname,
        field_text(j.properties.pipeline, payload, '/properties/pipeline') as pipeline,
        field_text(j.properties.dealstage, payload, '/properties/dealstage') as dealstage,
        field_text(j.properties.hs_is_closed, payload, '/properties/hs_is_closed') as hs_is_closed,
        field_text(j.properties.hs_is_closed_won, payload, '/properties/hs_is_closed_won') as hs_is_closed_won,
        field_text(j.properties.amount, payload, '/properties/amount') as amount,
        field_text(j.properties.deal_currency_code, payload, '/properties/deal_currency_code') as deal_currency_code,
        field_text(j.properties.amount_in_home_currency, payload, '/properties/amount_in_home_currency') as amount_in_home_currency,
        field_text(j.properties.hs_deal_stage_probability, payload, '/properties/hs_deal_stage_probability') as hs_deal_stage_probability,
        field_text(j.properties.hs_forecast_category, payload, '/properties/hs_forecast_category') as hs_forecast_category,
        field_text(j.properties.createdate, payload, '/properties/createdate') as createdate,
        field_text(j.properties.closedate, payload, '/properties/closedate') as closedate,
        field_text(j.properties.hs_lastmodifieddate, payload, '/properties/hs_lastmodifieddate') as hs_lastmodifieddate,
        field_text(j.properties.hubspot_owner_id, payload, '/properties/hubspot_owner_id') as hubspot_owner_id,
        field_text(j.properties.hs_analytics_source, payload, '/properties/hs_analytics_source') as hs_analytics_source,
        field_text(j.properties.dealtype, payload, '/properties/dealtype') as dealtype,
        field_text(j.properties.closed_lost_reason, payload, '/properties/closed_lost_reason') as closed_lost_reason,
        field_ids(j.associations.companies) as company_ids,
        field_ids(j.associations.contacts) as contact_ids,
        -- hs_date_entered_<stage> / hs_date_exited_<stage>: the stages the deal entered, with when (by position:
        -- property_values[i] is the value of property_keys[i])
        list_transform(
            list_transform(
                list_filter(range(1, len(property_keys) + 1),
                            lambda i: starts_with(property_keys[i], 'hs_date_entered_') and length(property_keys[i]) > 16),
                lambda i: {'stage': substr(property_keys[i], 17),
                           'entered': property_values[i],
                           'exited': property_values[list_position(property_keys,
                                                                   'hs_date_exited_' || substr(property_keys[i], 17))]}),
            lambda k: {'stage': k.stage,
                       'entered': field_text(k.entered, payload, json_pointer('/properties', 'hs_date_entered_' || k.stage)),
                       'exited': field_text(k.exited, payload, json_pointer('/properties', 'hs_date_exited_' || k.stage))})
            as stage_texts
    from raw_deals
),

deal_fields as (
    select
        coalesce(id, _id) as source_id,
        _deleted or coalesce(field_bool(archived), false) as is_deleted,
        _extracted_at as synced_at,
        _seq,
        dealname,
        pipeline,
        dealstage,
        hs_is_closed,
        hs_is_closed_won,
        amount,
        deal_currency_code,
        amount_in_home_currency,
        hs_deal_stage_probability,
        hs_forecast_category,
        coalesce(field_instant(createdate), field_instant(created_at_top)) as created_at,
        field_instant(closedate) as close_at,
        coalesce(field_instant(hs_lastmodifieddate), field_instant(updated_at_top)) as updated_at,
        hubspot_owner_id,
        hs_analytics_source,
        dealtype,
        closed_lost_reason,
        coalesce(company_ids, []) as company_ids,
        coalesce(contact_ids, []) as contact_ids,
        list_transform(stage_texts, lambda s: {'stage': s.stage,
                                               'entered_at': field_instant(s.entered),
                                               'exited_at': field_instant(s.exited)}) as stage_instants
    from deal_texts
)

select
    * exclude (stage_instants),
    list_filter(stage_instants, lambda s: s.entered_at is not null) as stage_dates
from deal_fields
qualify row_number() over (partition by source_id order by _seq desc) = 1
