-- core.owner holds one row per owner_id (writers merge by source and vendor id, and the id is made of both). Reports
-- join owner and team names after aggregating by owner_id, so a second row for an id would double their rows.
select owner_id, count(*) as owner_rows
from core.owner
group by owner_id
having count(*) > 1
