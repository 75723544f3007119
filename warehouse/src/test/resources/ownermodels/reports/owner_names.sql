-- The owners' names: a model reading a table that every sync lands again in full.
-- grain: one row per owner
-- unique: owner_id

select owner_id, name from core.owner where not is_deleted
