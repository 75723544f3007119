-- Deals and their amounts per owner and pipeline (which may be null), with a label that follows from the owner: a
-- model that adds up over deals, built after a sync from the changed deals' rows before and after.
-- grain: one row per (owner_id, pipeline_id)
-- unique: owner_id, pipeline_id
-- incremental by delta: deal_count, amount
-- test amount_is_not_negative: select * from reports.per_owner where amount < 0

select
    owner_id,
    pipeline_id,
    any_value('owner ' || owner_id) as owner_label,
    count(*) as deals,
    cast(sum(coalesce(amount, 0)) as decimal(18,2)) as amount
from core.live_deal
where ${in_slice(deal_id)}
group by owner_id, pipeline_id
