-- A two-column key whose columns repeat on their own and may be null (a null key groups as one value).
-- grain: one row per (a, b)
-- unique: a, b
select a, b, note from main.pairs
