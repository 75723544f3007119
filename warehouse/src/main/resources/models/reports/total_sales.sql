-- R5 Total Sales: won deals per close month, split by owner, team, lead source, account, product, pipeline and CRM.
-- Product rows come from the won deals' line items (converted with the deal's rate). When a deal's amount differs
-- from the sum of its line items (in the reporting currency, so rounding cents land here too; a deal without line
-- items has only this row), a product_id = 'unallocated' row carries the difference, so product totals reconcile
-- to deal totals. won_deals counts each deal once: on its unallocated row if it has one, else on its first product
-- row (lowest product_id). Deals without an owner or team are 'unassigned'. Lead source is the deal's own,
-- normalized through core.source_map (core.deal_attribution; 'unknown' when empty or unmapped). A deal whose amount
-- is unknown or could not be converted (fx_missing) leaves won_amount_rc null on its rows and is flagged.
-- Average deal size = sum(avg_deal_size_num_rc) / sum(avg_deal_size_den) (won deals with a known converted amount;
-- avg_deal_size_rc is that ratio at the row's grain: recompute it from the sums, never average it). New vs existing
-- business splits won_deals and won_amount_rc by core.deal_enriched.business_type (renewals count as existing).
-- grain: one row per (period_start, period_grain, owner_id, team_id, source_normalized, account_id, product_id, pipeline_id, source_system)
-- unique: period_start, period_grain, owner_id, team_id, source_normalized, account_id, product_id, pipeline_id, source_system
-- incremental by key (period_start, owner_id, team_id, source_normalized, account_id, pipeline_id, source_system): select d.close_month, coalesce(d.owner_id, 'unassigned'), coalesce(d.team_id, 'unassigned'), a.source_normalized, d.account_id, d.pipeline_id, d.source_system from core.deal_enriched as d join core.deal_attribution as a on a.deal_id = d.deal_id and a.attribution_model = 'first_touch' where d.deal_id in (select deal_id from changed_deal)
-- not_null: period_start, period_grain, owner_id, team_id, source_normalized, product_id, source_system
-- accepted_values: period_grain in ('month')
-- relationships: owner_id -> core.owner.owner_id except ('unassigned') where source_system in (select source_system from core.owner)
-- relationships: team_id -> core.team.team_id except ('unassigned') where source_system in (select source_system from core.team)
-- relationships: source_normalized -> core.source_map.source_normalized except ('unknown')
-- test won_amount_converted: select * from reports.total_sales where won_amount_rc is null and not fx_missing and not amount_missing
-- test one_count_per_deal: select * from reports.total_sales where won_deals < 0
-- test business_type_splits_deals: select * from reports.total_sales where new_business_deals + existing_business_deals <> won_deals or avg_deal_size_den > won_deals

with

enriched_deals as (
    select * from core.deal_enriched
),

line_items as (
    select * from core.line_item
),

products as (
    select * from core.product
),

deal_attribution as (
    select * from core.deal_attribution
    where attribution_model = 'first_touch'
),

won_deals as (
    select
        d.deal_id,
        cast(date_trunc('month', d.close_date) as date) as period_start,
        coalesce(d.owner_id, 'unassigned') as owner_id,
        coalesce(d.owner_name, 'unassigned') as owner_name,
        coalesce(d.team_id, 'unassigned') as team_id,
        coalesce(d.team_name, 'unassigned') as team_name,
        a.source_normalized,
        d.account_id,
        d.account_name,
        d.pipeline_id,
        d.source_system,
        d.amount,
        d.amount_rc,
        d.fx_rate_multiplier,
        d.fx_rate_divisor,
        d.fx_missing,
        d.business_type
    from enriched_deals as d
    join deal_attribution as a on a.deal_id = d.deal_id
    where d.status = 'won'
      and d.close_date is not null
      and ${in_slice(cast(date_trunc('month', d.close_date) as date), coalesce(d.owner_id, 'unassigned'),
          coalesce(d.team_id, 'unassigned'), a.source_normalized, d.account_id, d.pipeline_id, d.source_system)}
),

-- deals that share all of the grain's deal columns with another won deal: only their rows can meet in a group
-- (almost every deal is alone in its group, so the others skip the 8-key aggregation below)
shared_deal_groups as (
    select
        period_start, owner_id, team_id, source_normalized, account_id, pipeline_id, source_system
    from won_deals
    group by all
    having count(*) > 1
),

shared_deals as (
    select d.deal_id
    from won_deals as d
    join shared_deal_groups as g
        on g.period_start = d.period_start
        and g.owner_id = d.owner_id
        and g.team_id = d.team_id
        and g.source_normalized is not distinct from d.source_normalized
        and g.account_id is not distinct from d.account_id
        and g.pipeline_id is not distinct from d.pipeline_id
        and g.source_system is not distinct from d.source_system
),

won_lines as (
    select
        d.deal_id,
        l.product_id,
        coalesce(l.quantity, 0) as quantity,
        coalesce(l.line_amount, l.quantity * l.unit_price - coalesce(l.discount_amount, 0)) as line_revenue,
        coalesce(l.discount_amount, 0) as discount_amount,
        l.line_amount,
        d.fx_rate_multiplier,
        d.fx_rate_divisor
    from won_deals as d
    join line_items as l on l.deal_id = d.deal_id
    where not l.is_deleted
),

-- shortcuts for speed, exact: a deal in the reporting currency (multiplier = divisor > 0) converts a cent amount to
-- itself, and most lines carry no discount (0 converts to 0 whenever the rate is usable); the rest go through
-- fx_convert
product_lines as (
    select
        deal_id,
        product_id,
        sum(quantity) as units,
        sum(line_revenue) as line_revenue,
        sum(case
            when line_amount is not null and fx_rate_multiplier = fx_rate_divisor and fx_rate_divisor > 0
                then line_amount
            else fx_convert(line_revenue, fx_rate_multiplier, fx_rate_divisor)
        end) as line_revenue_rc,
        sum(case
            when discount_amount = 0 and fx_rate_multiplier is not null and fx_rate_divisor <> 0
                then cast(0 as decimal(18,2))
            when fx_rate_multiplier = fx_rate_divisor and fx_rate_divisor > 0
                then discount_amount
            else fx_convert(discount_amount, fx_rate_multiplier, fx_rate_divisor)
        end) as discount_amount_rc
    from won_lines
    group by deal_id, product_id
),

-- a deal's first product row (lowest product_id, nulls last) counts the deal when it has no unallocated row
deal_line_totals as (
    select
        deal_id,
        sum(line_revenue_rc) as line_revenue_rc,
        min(product_id) as first_product_id
    from product_lines
    group by deal_id
),

unallocated_lines as (
    select
        d.deal_id,
        'unallocated' as product_id,
        cast(0 as decimal(38,4)) as units,
        cast(0 as decimal(38,2)) as line_revenue_rc,
        cast(0 as decimal(38,2)) as discount_amount_rc,
        d.amount_rc - coalesce(t.line_revenue_rc, 0) as won_amount_rc
    from won_deals as d
    left join deal_line_totals as t on t.deal_id = d.deal_id
    where t.deal_id is null
       or d.amount_rc is distinct from t.line_revenue_rc and d.amount_rc is not null
),

-- won_deals counts each deal once: on its unallocated row if it has one, else on its first product row
counted_deal_rows as (
    select
        p.deal_id,
        p.product_id,
        p.units,
        p.line_revenue_rc,
        p.discount_amount_rc,
        p.line_revenue_rc as won_amount_rc,
        case
            when u.deal_id is null and p.product_id is not distinct from t.first_product_id then 1
            else 0
        end as deal_count
    from product_lines as p
    join deal_line_totals as t on t.deal_id = p.deal_id
    left join unallocated_lines as u on u.deal_id = p.deal_id
    union all
    select
        deal_id,
        product_id,
        units,
        line_revenue_rc,
        discount_amount_rc,
        won_amount_rc,
        1 as deal_count
    from unallocated_lines
),

-- the few deals sharing a group with another deal, with their rows, to be aggregated
shared_rows_with_deal as (
    select
        d.period_start,
        d.owner_id,
        d.owner_name,
        d.team_id,
        d.team_name,
        d.source_normalized,
        d.account_id,
        d.account_name,
        r.product_id,
        d.pipeline_id,
        d.source_system,
        r.deal_count,
        case when d.amount_rc is null then 0 else r.deal_count end as sized_count,
        d.business_type = 'new' as is_new_business,
        r.units,
        case when d.amount_rc is null then null else r.won_amount_rc end as won_amount_rc,
        r.line_revenue_rc,
        r.discount_amount_rc,
        d.fx_missing,
        d.amount is null as amount_missing
    from shared_deals as s
    join won_deals as d on d.deal_id = s.deal_id
    join counted_deal_rows as r on r.deal_id = s.deal_id
),

-- a deal alone in its group has one row per product: the sums of a single row, computed without aggregating
single_deal_rows as (
    select
        d.period_start,
        'month' as period_grain,
        d.owner_id,
        d.team_id,
        d.source_normalized,
        d.account_id,
        r.product_id,
        d.pipeline_id,
        d.source_system,
        d.owner_name,
        d.team_name,
        d.account_name,
        case when r.product_id = 'unallocated' then 'Unallocated' else p.name end as product_name,
        cast(r.deal_count as bigint) as won_deals,
        cast(case when d.amount_rc is null then null else r.won_amount_rc end as decimal(18,2)) as won_amount_rc,
        cast(case when d.amount_rc is null then null else r.won_amount_rc end as decimal(18,2))
            as avg_deal_size_num_rc,
        cast(case when d.amount_rc is null then 0 else r.deal_count end as bigint) as avg_deal_size_den,
        case when d.amount_rc is not null and r.deal_count <> 0 then cast(r.won_amount_rc as double) / r.deal_count end
            as avg_deal_size_rc,
        cast(case when d.business_type = 'new' then r.deal_count else 0 end as bigint) as new_business_deals,
        cast(case when d.business_type <> 'new' then r.deal_count else 0 end as bigint) as existing_business_deals,
        cast(case when d.business_type = 'new' and d.amount_rc is not null then coalesce(r.won_amount_rc, 0) else 0 end
            as decimal(18,2)) as new_business_amount_rc,
        cast(case when d.business_type <> 'new' and d.amount_rc is not null then coalesce(r.won_amount_rc, 0) else 0 end
            as decimal(18,2)) as existing_business_amount_rc,
        cast(r.units as decimal(18,4)) as units,
        cast(r.line_revenue_rc as decimal(18,2)) as line_revenue_rc,
        cast(r.discount_amount_rc as decimal(18,2)) as discount_amount_rc,
        d.fx_missing,
        d.amount is null as amount_missing
    from counted_deal_rows as r
    join won_deals as d on d.deal_id = r.deal_id
    left join products as p on p.product_id = r.product_id
    where d.deal_id not in (select deal_id from shared_deals)
),

-- the few rows of deals sharing a group, aggregated as before
shared_deal_rows as (
    select
        r.period_start,
        'month' as period_grain,
        r.owner_id,
        r.team_id,
        r.source_normalized,
        r.account_id,
        r.product_id,
        r.pipeline_id,
        r.source_system,
        any_value(r.owner_name) as owner_name,
        any_value(r.team_name) as team_name,
        any_value(r.account_name) as account_name,
        case when r.product_id = 'unallocated' then 'Unallocated' else any_value(p.name) end as product_name,
        cast(sum(r.deal_count) as bigint) as won_deals,
        cast(sum(r.won_amount_rc) as decimal(18,2)) as won_amount_rc,
        cast(sum(r.won_amount_rc) as decimal(18,2)) as avg_deal_size_num_rc,
        cast(sum(r.sized_count) as bigint) as avg_deal_size_den,
        cast(sum(r.won_amount_rc) as double) / nullif(sum(r.sized_count), 0) as avg_deal_size_rc,
        cast(coalesce(sum(r.deal_count) filter (where r.is_new_business), 0) as bigint) as new_business_deals,
        cast(coalesce(sum(r.deal_count) filter (where not r.is_new_business), 0) as bigint) as existing_business_deals,
        cast(coalesce(sum(r.won_amount_rc) filter (where r.is_new_business), 0) as decimal(18,2)) as new_business_amount_rc,
        cast(coalesce(sum(r.won_amount_rc) filter (where not r.is_new_business), 0) as decimal(18,2)) as existing_business_amount_rc,
        cast(sum(r.units) as decimal(18,4)) as units,
        cast(sum(r.line_revenue_rc) as decimal(18,2)) as line_revenue_rc,
        cast(sum(r.discount_amount_rc) as decimal(18,2)) as discount_amount_rc,
        bool_or(r.fx_missing) as fx_missing,
        bool_or(r.amount_missing) as amount_missing
    from shared_rows_with_deal as r
    left join products as p on p.product_id = r.product_id
    group by
        r.period_start,
        r.owner_id,
        r.team_id,
        r.source_normalized,
        r.account_id,
        r.product_id,
        r.pipeline_id,
        r.source_system
),

final as (
    select * from single_deal_rows
    union all
    select * from shared_deal_rows
)

select * from final
