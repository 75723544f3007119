-- core.account from the parsed HubSpot companies, as HubspotCompanyMapper writes them
select
    core_id({source}, 'account', source_id) as account_id,
    {source} as source_system,
    source_id,
    name,
    domain,
    industry,
    case when employees between -2147483648 and 2147483647 then cast(employees as integer) end as employee_count,
    country,
    core_id({source}, 'owner', hubspot_owner_id) as owner_id,
    hs_analytics_source as lead_source_raw,
    created_at,
    updated_at,
    is_deleted,
    synced_at
from {parsed}
