-- Every generic test kind on one model.
-- grain: one row per k
-- unique: k
-- not_null: k, period_grain
-- accepted_values: period_grain in ('day', 'month')
-- accepted_values: level in (1, 2)
-- relationships: owner_id -> main.owners.owner_id except ('unassigned') where src in (select src from main.owners)
select k, period_grain, level, owner_id, src, note from main.facts
