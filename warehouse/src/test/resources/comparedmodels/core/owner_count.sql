-- Live owners per CRM: read by another model, so a full rebuild that gives the same rows changes nothing below it.
-- grain: one row per source_system
-- unique: source_system

select source_system, count(*) as owners from core.owner where not is_deleted group by all
