-- Depends on reports.base; the variable is substituted as a literal.
-- grain: one row per k
select k, v, ${greeting} as greeting, cast(${as_of_date} as date) as as_of from reports.base
