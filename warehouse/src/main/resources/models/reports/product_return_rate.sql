-- R12 Dead on Arrival, headline: per product and month, complaints, return and exchange requests and bad
-- satisfaction ratings (tickets opened in the month, from reports.product_complaints) against units sold (won deals'
-- line items, by close month). The product is the canonical product across CRMs (core.product_identity), so tickets
-- of a help desk (Zendesk Support) and units sold in any sales CRM meet on one row. Rates are stored per row and
-- recomputed from their numerator/denominator columns: return rate = return_requests / units_sold, complaint rate =
-- complaint_tickets / units_sold, exchange rate = exchange_requests / units_sold, complaints per 1000 units = 1000 *
-- complaint_tickets / units_sold, bad rating share = satisfaction_bad / satisfaction_rated (good or bad ratings);
-- summing numerators and denominators over months gives the rate of any period. Products never sold have units_sold
-- 0 (rate undefined); product 'unknown' collects tickets without one.
-- grain: one row per (period_start, period_grain, product_id)
-- unique: period_start, period_grain, product_id
-- not_null: period_start, period_grain, product_id
-- accepted_values: period_grain in ('month')
-- test returns_within_tickets: select * from reports.product_return_rate where return_requests > tickets or complaint_tickets > tickets or exchange_requests > tickets
-- test bad_within_rated: select * from reports.product_return_rate where satisfaction_bad > satisfaction_rated
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

product_identity as (
    select * from core.product_identity
),

ticket_months as (
    select
        period_start,
        product_id,
        sum(tickets) as tickets,
        sum(complaint_tickets) as complaint_tickets,
        sum(return_requests) as return_requests,
        sum(exchange_requests) as exchange_requests,
        sum(satisfaction_rated) as satisfaction_rated,
        sum(satisfaction_bad) as satisfaction_bad
    from complaints
    group by all
),

units_sold as (
    select
        d.close_month as period_start,
        coalesce(i.canonical_product_id, l.product_id) as product_id,
        sum(l.quantity) as units_sold
    from enriched_deals as d
    join line_items as l on l.deal_id = d.deal_id
    left join product_identity as i on i.product_id = l.product_id
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
        p.name as product_name,
        coalesce(t.tickets, 0) as tickets,
        coalesce(t.complaint_tickets, 0) as complaint_tickets,
        coalesce(t.return_requests, 0) as return_requests,
        coalesce(t.exchange_requests, 0) as exchange_requests,
        coalesce(t.satisfaction_rated, 0) as satisfaction_rated,
        coalesce(t.satisfaction_bad, 0) as satisfaction_bad,
        cast(coalesce(u.units_sold, 0) as decimal(18,4)) as units_sold,
        cast(coalesce(t.return_requests, 0) as double) / nullif(u.units_sold, 0) as return_rate,
        cast(coalesce(t.complaint_tickets, 0) as double) / nullif(u.units_sold, 0) as complaint_rate,
        cast(coalesce(t.exchange_requests, 0) as double) / nullif(u.units_sold, 0) as exchange_rate,
        1000 * cast(coalesce(t.complaint_tickets, 0) as double) / nullif(u.units_sold, 0) as complaints_per_1000_units,
        cast(coalesce(t.satisfaction_bad, 0) as double) / nullif(t.satisfaction_rated, 0) as bad_rating_share
    from ticket_months as t
    full join units_sold as u
        on u.period_start = t.period_start
        and u.product_id = t.product_id
    left join products as p on p.product_id = coalesce(t.product_id, u.product_id)
)

select * from final
