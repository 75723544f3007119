-- R12 Dead on Arrival, headline: per product and month, complaints and return requests (tickets opened in the
-- month, from reports.product_complaints) against units sold (won deals' line items, by close month). Rates are
-- stored per row and recomputed from their numerator/denominator columns: return rate = return_requests / units_sold, complaints per 1000 units =
-- 1000 * complaint_tickets / units_sold; summing numerators and denominators over months gives the rate of any
-- period. Products never sold have units_sold 0 (rate undefined); product 'unknown' collects tickets without one.
-- grain: one row per (period_start, period_grain, product_id, source_system)
-- unique: period_start, period_grain, product_id, source_system
-- not_null: period_start, period_grain, product_id, source_system
-- accepted_values: period_grain in ('month')
-- test returns_within_tickets: select * from reports.product_return_rate where return_requests > tickets or complaint_tickets > tickets
-- test tickets_match_detail: select * from (select coalesce(sum(tickets), 0) as n from reports.product_return_rate) r where r.n <> (select coalesce(sum(tickets), 0) from reports.product_complaints)

with

complaints as (
    select * from reports.product_complaints
),

enriched_deals as (
    select * from core.deal_enriched
),

line_items as (
    select * from core.line_item
),

products as (
    select * from core.product
),

ticket_months as (
    select
        period_start,
        product_id,
        source_system,
        sum(tickets) as tickets,
        sum(complaint_tickets) as complaint_tickets,
        sum(return_requests) as return_requests
    from complaints
    group by all
),

units_sold as (
    select
        d.close_month as period_start,
        l.product_id,
        d.source_system,
        sum(l.quantity) as units_sold
    from enriched_deals as d
    join line_items as l on l.deal_id = d.deal_id
    where d.status = 'won'
      and d.close_date is not null
      and not l.is_deleted
      and l.product_id is not null
    group by all
),

final as (
    select
        coalesce(t.period_start, u.period_start) as period_start,
        'month' as period_grain,
        coalesce(t.product_id, u.product_id) as product_id,
        coalesce(t.source_system, u.source_system) as source_system,
        p.name as product_name,
        coalesce(t.tickets, 0) as tickets,
        coalesce(t.complaint_tickets, 0) as complaint_tickets,
        coalesce(t.return_requests, 0) as return_requests,
        cast(coalesce(u.units_sold, 0) as decimal(18,4)) as units_sold,
        cast(coalesce(t.return_requests, 0) as double) / nullif(u.units_sold, 0) as return_rate,
        1000 * cast(coalesce(t.complaint_tickets, 0) as double) / nullif(u.units_sold, 0) as complaints_per_1000_units
    from ticket_months as t
    full join units_sold as u
        on u.period_start = t.period_start
        and u.product_id = t.product_id
        and u.source_system = t.source_system
    left join products as p on p.product_id = coalesce(t.product_id, u.product_id)
)

select * from final
