-- One row per day and live deal from the day it entered its first stage until it closed (the closing day
-- included) or until as_of_date while open: the deal's stage, status, probability and forecast category that day,
-- rebuilt on every transform from core.deal_stage_history (backfill and "from now on" are the same query, so there
-- is no append step to miss; history the CRM drops is lost with it). Days are local dates in the reporting time
-- zone; when a deal changed stage several times in a day, the last stage of that day counts. The CRMs give no
-- amount, close-date or owner history here, so amount (converted at that day's rate), close_date and owner are the
-- current values; forecast_category is the stage's (from its probability, as in core.deal_enriched) for past
-- stages and the deal's own category for its current stage.
-- grain: one row per (as_of_date, deal_id)
-- unique: as_of_date, deal_id
-- test one_status_per_deal_day: select * from core.deal_snapshot_daily where status not in ('open', 'won', 'lost') or stage_id is null
-- test open_deals_are_open_today: select d.deal_id from core.deal_enriched d where d.status = 'open' and exists (select 1 from core.deal_stage_history h where h.deal_id = d.deal_id) and not exists (select 1 from core.deal_snapshot_daily s where s.deal_id = d.deal_id and s.as_of_date = cast(${as_of_date} as date) and s.status = 'open')

with

stage_history as (
    select * from core.deal_stage_history
),

enriched_deals as (
    select * from core.deal_enriched
),

stages as (
    select * from core.stage
),

calendar as (
    select * from core.calendar
),

fx_rates as (
    select * from core.fx_rate
    where to_currency = upper(${reporting_currency})
),

visits as (
    select
        h.deal_id,
        h.seq,
        h.stage_id,
        h.entered_at,
        cast(timezone(${reporting_time_zone}, h.entered_at) as date) as entered_date
    from stage_history as h
    join enriched_deals as d on d.deal_id = h.deal_id
),

visits_with_next as (
    select
        *,
        lead(entered_date) over (partition by deal_id order by entered_at, seq) as next_entered_date
    from visits
),

last_visit_of_day as (
    select *
    from visits_with_next
    where next_entered_date is null
       or next_entered_date > entered_date
),

spans as (
    select
        v.deal_id,
        v.stage_id,
        v.entered_date as valid_from,
        least(
            case
                when v.next_entered_date is not null then v.next_entered_date - 1
                when s.is_closed then v.entered_date
                else cast(${as_of_date} as date)
            end,
            cast(${as_of_date} as date)) as valid_to
    from last_visit_of_day as v
    left join stages as s on s.stage_id = v.stage_id
),

deal_days as (
    select
        c.date_day as as_of_date,
        sp.deal_id,
        sp.stage_id
    from spans as sp
    join calendar as c on c.date_day between sp.valid_from and sp.valid_to
),

described as (
    select
        dd.as_of_date,
        dd.deal_id,
        d.source_system,
        s.pipeline_id,
        dd.stage_id,
        case when s.is_won then 'won' when s.is_closed then 'lost' else 'open' end as status,
        s.probability,
        case
            when s.is_won then 'closed'
            when s.is_closed then 'lost'
            when dd.stage_id = d.stage_id then d.forecast_category_normalized
            when s.probability >= 0.8 then 'commit'
            when s.probability >= 0.5 then 'best_case'
            when s.probability = 0 then 'omitted'
            else 'pipeline'
        end as forecast_category,
        d.amount,
        upper(d.currency_code) as currency_code,
        d.close_date,
        d.owner_id
    from deal_days as dd
    join enriched_deals as d on d.deal_id = dd.deal_id
    left join stages as s on s.stage_id = dd.stage_id
),

converted as (
    select
        x.*,
        case when x.currency_code = upper(${reporting_currency}) then cast(1 as decimal(18,8)) else r.rate end as fx_rate
    from described as x
    asof left join fx_rates as r
        on r.from_currency = x.currency_code
        and r.rate_date <= x.as_of_date
),

final as (
    select
        as_of_date,
        deal_id,
        source_system,
        pipeline_id,
        stage_id,
        status,
        probability,
        forecast_category,
        cast(round(amount * fx_rate, 2) as decimal(18,2)) as amount_rc,
        amount is not null and fx_rate is null as fx_missing,
        close_date,
        owner_id
    from converted
)

select * from final
