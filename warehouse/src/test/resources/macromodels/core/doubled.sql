-- grain: one row per k
-- unique: k
select k, v, label from doubled_input(2)
