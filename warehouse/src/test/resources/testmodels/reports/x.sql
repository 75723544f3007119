-- Final model.
-- grain: one row per k
-- unique: k
-- test v_not_negative: select k, v from reports.x where v < 0
select k, v from core.zeta
