-- core.deal_contact: one row per distinct associated contact of each parsed HubSpot deal
with contacts as (
    select
        source_id,
        synced_at,
        unnest(contact_ids) as contact
    from {parsed}
)

select distinct
    core_id({source}, 'deal', source_id) as deal_id,
    core_id({source}, 'contact', contact) as contact_id,
    {source} as source_system,
    synced_at
from contacts
