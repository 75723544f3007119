-- Revenue and direct cost of every line item of a counted won deal. Revenue is the line amount converted with the
-- deal's rate (as in total_sales), rounded per line; direct cost = quantity x the product's unit cost (HubSpot
-- hs_cost_of_goods_sold) converted at the close date's rate of core.fx_rate_daily (fx_rates.csv, else any CRM's) from the
-- product's currency; a product without one (HubSpot's hs_cost_of_goods_sold is in the portal's company currency) is
-- costed in its CRM's home currency (the base of core.crm_fx_rate, latest first), else in the line's currency, else the
-- deal's. cost_known is false when the product has no unit cost, the line no quantity or the cost's currency no rate:
-- line_cost_rc is then null ("no cost data"), never 0 (quantity itself reads 0 then, for units sold).
-- reports.monthly_summary and the profitability reports cost lines from here only.
-- grain: one row per line item
-- unique: line_item_id
-- incremental by key deal_id
-- not_null: line_item_id
-- test cost_null_when_unknown: select * from core.won_line_profit where (line_cost_rc is null) = cost_known

with

enriched_deals as (
    select * from core.deal_enriched
    where ${in_slice(deal_id)}
),

line_items as (
    select * from core.line_item
    where ${in_slice(deal_id)}
),

products as (
    select * from core.product
),

fx_rates as (
    select * from core.fx_rate_daily
    where source_system = '*'
),

home_currencies as (
    select source_system, arg_max(base_currency, valid_from) as home_currency
    from core.crm_fx_rate
    group by source_system
),

won_lines as (
    select
        l.line_item_id,
        d.deal_id,
        d.source_system,
        d.account_id,
        d.close_date,
        d.close_month as period_start,
        coalesce(l.product_id, 'unknown') as product_id,
        coalesce(l.quantity, 0) as quantity,
        l.quantity as cost_quantity,
        -- Speed: at a rate of exactly 1, fx_convert is the amount rounded half away from zero to the cent, which
        -- round() gives without fx_convert's 128-bit products (most deals are in the reporting currency).
        case
            when d.fx_rate_multiplier = 1 and d.fx_rate_divisor = 1
                then cast(round(coalesce(l.line_amount, l.quantity * l.unit_price - coalesce(l.discount_amount, 0)), 2)
                    as decimal(18,2))
            else fx_convert(coalesce(l.line_amount, l.quantity * l.unit_price - coalesce(l.discount_amount, 0)),
                d.fx_rate_multiplier, d.fx_rate_divisor)
        end as line_revenue_rc,
        p.unit_cost,
        upper(coalesce(p.currency_code, h.home_currency, l.currency_code, d.currency_code, ${reporting_currency}))
            as cost_currency
    from enriched_deals as d
    join line_items as l on l.deal_id = d.deal_id
    left join products as p on p.product_id = l.product_id
    left join home_currencies as h on h.source_system = p.source_system
    where d.status = 'won'
      and d.close_date is not null
      and not l.is_deleted
),

lines_with_cost_rate as (
    select
        w.*,
        case when w.cost_currency = upper(${reporting_currency}) then 1 else r.rate_multiplier end as cost_rate_multiplier,
        case when w.cost_currency = upper(${reporting_currency}) then 1 else r.rate_divisor end as cost_rate_divisor
    from won_lines as w
    left join fx_rates as r
        on r.from_currency = w.cost_currency
        and r.rate_date = w.close_date
),

final as (
    select
        line_item_id,
        deal_id,
        source_system,
        account_id,
        period_start,
        product_id,
        quantity,
        line_revenue_rc,
        unit_cost,
        -- widened first: decimal(18) x decimal(18) x rate overflows 64-bit decimals on large quantities
        -- (at a rate of exactly 1: rounded to the cent directly, as for line_revenue_rc)
        case
            when cost_rate_multiplier = 1 and cost_rate_divisor = 1
                then cast(round(cast(cost_quantity as decimal(38,4)) * cast(unit_cost as decimal(38,2)), 2) as decimal(18,2))
            else fx_convert(cast(cost_quantity as decimal(38,4)) * cast(unit_cost as decimal(38,2)), cost_rate_multiplier,
                cost_rate_divisor)
        end as line_cost_rc,
        unit_cost is not null and cost_quantity is not null and cost_rate_multiplier is not null as cost_known
    from lines_with_cost_rate
)

select * from final
