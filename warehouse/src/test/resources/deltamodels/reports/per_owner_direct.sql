-- Live deals per owner read straight from core.deal, which a sync has already changed when the build starts: though
-- it declares a delta, it is rebuilt in full.
-- grain: one row per owner_id
-- unique: owner_id
-- incremental by delta: deals

select owner_id, count(*) as deals from core.deal where not is_deleted and ${in_slice(deal_id)} group by owner_id
