-- Every counted lost deal with its close month, normalized loss reason (core.reason_map, domain 'loss': exact
-- source_system first, then '*'; no reason 'unknown', unknown reason 'unmapped'), the last open stage it was in
-- before it was lost (from core.deal_stage_history; 'unknown' without history) and its normalized lead source.
-- grain: one row per deal
-- unique: deal_id
-- incremental by key deal_id
-- not_null: deal_id, owner_id
-- relationships: deal_id -> core.deal_enriched.deal_id
-- relationships: owner_id -> core.owner.owner_id except ('unassigned') where source_system in (select source_system from core.owner)
-- relationships: source_normalized -> core.source_map.source_normalized except ('unknown')

with

enriched_deals as (
    select * from core.deal_enriched
    where ${in_slice(deal_id)}
),

deals as (
    select * from core.deal
    where ${in_slice(deal_id)}
),

deal_attribution as (
    select * from core.deal_attribution
    where attribution_model = 'first_touch'
),

stage_history as (
    select * from core.deal_stage_history
    where ${in_slice(deal_id)}
),

stages as (
    select * from core.stage
),

reason_map as (
    select * from core.reason_map
    where domain = 'loss'
),

-- Speed: only lost deals need their last open stage, so the stage history is cut to them first.
lost_deal_ids as (
    select deal_id
    from enriched_deals
    where status = 'lost'
      and close_date is not null
),

-- The last open stage is the entry latest by (entered_at, seq) (both not null in core.deal_stage_history): arg_max
-- over that key, cheaper than ranking every entry.
last_open_stages as (
    select
        h.deal_id,
        arg_max(h.stage_id, struct_pack(entered_at := h.entered_at, seq := h.seq)) as stage_id
    from stage_history as h
    join stages as s on s.stage_id = h.stage_id
    where not coalesce(s.is_closed, false)
      and h.deal_id in (select deal_id from lost_deal_ids)
    group by h.deal_id
),

final as (
    select
        d.deal_id,
        d.source_system,
        d.close_month as period_start,
        coalesce(d.owner_id, 'unassigned') as owner_id,
        coalesce(d.owner_name, 'unassigned') as owner_name,
        d.team_id,
        d.pipeline_id,
        d.pipeline_name,
        coalesce(h.stage_id, 'unknown') as stage_at_loss,
        case
            when nullif(trim(d.lost_reason_raw), '') is null then 'unknown'
            else coalesce(exact.normalized, wildcard.normalized, 'unmapped')
        end as lost_reason_normalized,
        d.lost_reason_raw,
        a.source_normalized,
        a.channel,
        d.amount_rc
    from (
        select e.*, r.lost_reason_raw
        from enriched_deals as e
        join deals as r on r.deal_id = e.deal_id
    ) as d
    left join last_open_stages as h on h.deal_id = d.deal_id
    left join deal_attribution as a on a.deal_id = d.deal_id
    left join reason_map as exact
        on exact.source_system = d.source_system
        and exact.raw_value = upper(trim(d.lost_reason_raw))
    left join reason_map as wildcard
        on wildcard.source_system = '*'
        and wildcard.raw_value = upper(trim(d.lost_reason_raw))
    where d.status = 'lost'
      and d.close_date is not null
)

select * from final
