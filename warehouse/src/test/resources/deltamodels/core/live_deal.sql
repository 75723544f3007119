-- The deals not deleted, rebuilt per changed deal: what the delta models read.
-- grain: one row per deal
-- incremental by key deal_id

select deal_id, owner_id, pipeline_id, amount
from core.deal
where not is_deleted
  and ${in_slice(deal_id)}
