-- Each CRM's share of the owners.
-- grain: one row per source_system
-- unique: source_system

select source_system, owners / sum(owners) over () as share from core.owner_count
