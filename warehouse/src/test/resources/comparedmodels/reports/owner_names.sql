-- The owners' names: read by no model.
-- grain: one row per owner
-- unique: owner_id

select owner_id, name from core.owner where not is_deleted
