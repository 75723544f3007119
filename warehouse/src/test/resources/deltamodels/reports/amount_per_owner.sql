-- Deals and their amounts per owner, the amount null when no deal has one: it declares a delta, but a sum of nulls is
-- no difference, so a build whose changed deals bring a null rebuilds it in full.
-- grain: one row per owner_id
-- unique: owner_id
-- incremental by delta: deals, amount

select owner_id, count(*) as deals, sum(amount) as amount
from core.live_deal
where ${in_slice(deal_id)}
group by owner_id
