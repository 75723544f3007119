-- Input copy.
-- grain: one row per k
-- unique: k
select k, v from main.input
