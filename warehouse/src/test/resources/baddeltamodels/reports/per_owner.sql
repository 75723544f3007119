-- A delta whose measure names no column: its first build fails.
-- grain: one row per owner_id
-- unique: owner_id
-- incremental by delta: deal_count

select owner_id, count(*) as deals from core.live_deal where ${in_slice(deal_id)} group by owner_id
