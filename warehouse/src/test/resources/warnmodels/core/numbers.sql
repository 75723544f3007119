-- Numbers with a warning on the negative ones and a test on nulls.
-- grain: one row per k
-- test v_not_null: select * from core.numbers where v is null
-- warn v_negative: select k, v from core.numbers where v < 0
select k, v from main.input
