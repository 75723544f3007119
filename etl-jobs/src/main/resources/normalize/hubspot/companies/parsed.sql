-- HubSpot companies, set-based (HubspotCompanyMapper in SQL): each new raw company's payload read once. Grain: one row
-- per company id (of two raw records with the same payload id, the later counts).
with raw_companies as (
    select
        _id,
        _deleted,
        _extracted_at,
        _seq,
        payload,
        from_json(payload, '{"id": "VARCHAR", "archived": "VARCHAR", "createdAt": "VARCHAR", "updatedAt": "VARCHAR",
                             "properties": {"name": "VARCHAR", "domain": "VARCHAR", "industry": "VARCHAR",
                                            "numberofemployees": "VARCHAR", "country": "VARCHAR",
                                            "hubspot_owner_id": "VARCHAR", "hs_analytics_source": "VARCHAR",
                                            "createdate": "VARCHAR", "hs_lastmodifieddate": "VARCHAR"}}') as j
    from {new_raw}
),

company_texts as (
    select
        _id,
        _deleted,
        _extracted_at,
        _seq,
        field_text(j.id, payload, '/id') as id,
        field_text(j.archived, payload, '/archived') as archived,
        field_text(j.createdAt, payload, '/createdAt') as created_at_top,
        field_text(j.updatedAt, payload, '/updatedAt') as updated_at_top,
        field_text(j.properties.name, payload, '/properties/name') as name,
        field_text(j.properties.domain, payload, '/properties/domain') as domain,
        field_text(j.properties.industry, payload, '/properties/industry') as industry,
        field_text(j.properties.numberofemployees, payload, '/properties/numberofemployees') as numberofemployees,
        field_text(j.properties.country, payload, '/properties/country') as country,
        field_text(j.properties.hubspot_owner_id, payload, '/properties/hubspot_owner_id') as hubspot_owner_id,
        field_text(j.properties.hs_analytics_source, payload, '/properties/hs_analytics_source') as hs_analytics_source,
        field_text(j.properties.createdate, payload, '/properties/createdate') as createdate,
        field_text(j.properties.hs_lastmodifieddate, payload, '/properties/hs_lastmodifieddate') as hs_lastmodifieddate
    from raw_companies
),

company_fields as (
    select
        coalesce(id, _id) as source_id,
        _deleted or coalesce(field_bool(archived), false) as is_deleted,
        _extracted_at as synced_at,
        _seq,
        name,
        vocabulary_domain(domain) as domain,
        industry,
        field_whole(numberofemployees) as employees,
        country,
        hubspot_owner_id,
        hs_analytics_source,
        coalesce(field_instant(createdate), field_instant(created_at_top)) as created_at,
        coalesce(field_instant(hs_lastmodifieddate), field_instant(updated_at_top)) as updated_at
    from company_texts
)

select *
from company_fields
qualify row_number() over (partition by source_id order by _seq desc) = 1
