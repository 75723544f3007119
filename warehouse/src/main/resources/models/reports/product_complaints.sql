-- R12 Dead on Arrival, detail: support tickets per product, month opened (reporting time zone), normalized reason
-- and channel. A ticket's reason (HubSpot: its category; Zendesk Support: its request type) goes through
-- core.reason_map (domain 'ticket'); reasons the map does not know are 'unmapped' (counted in
-- unmapped_reason_tickets), tickets without one 'unknown'. complaint_tickets = tickets whose reason is a complaint
-- (reason_map.is_complaint); return_requests = tickets asking to return the product (the CRM's return flag, or the
-- reason 'return'), return_request_unknown = tickets whose CRM has no return flag; exchange_requests = reason
-- 'exchange'. satisfaction_rated counts tickets with a good or bad satisfaction rating, satisfaction_bad the bad
-- ones. The product is the canonical product across CRMs (core.product_identity), so a help desk's ticket meets the
-- sales CRMs' product; tickets without a product are product 'unknown'. unique_customers counts distinct accounts
-- (else contacts) and is not additive. Return rates per product are in reports.product_return_rate.
-- grain: one row per (period_start, period_grain, product_id, reason_normalized, channel, source_system)
-- unique: period_start, period_grain, product_id, reason_normalized, channel, source_system
-- not_null: period_start, period_grain, product_id, channel, source_system
-- accepted_values: period_grain in ('month')
-- test returns_within_tickets: select * from reports.product_complaints where return_requests > tickets or complaint_tickets > tickets or exchange_requests > tickets
-- test bad_within_rated: select * from reports.product_complaints where satisfaction_bad > satisfaction_rated or satisfaction_rated > tickets
-- test tickets_reconcile: select * from (select count(*) as n from core.ticket where not is_deleted and created_at is not null) t where t.n <> (select coalesce(sum(tickets), 0) from reports.product_complaints)

with

tickets as (
    select * from core.ticket
),

products as (
    select * from core.product
),

product_identity as (
    select * from core.product_identity
),

reason_map as (
    select * from core.reason_map
    where domain = 'ticket'
),

live_tickets as (
    select
        t.ticket_id,
        t.source_system,
        cast(date_trunc('month', timezone(${reporting_time_zone}, t.created_at)) as date) as period_start,
        coalesce(i.canonical_product_id, t.product_id, 'unknown') as product_id,
        upper(trim(t.reason_raw)) as reason_key,
        coalesce(lower(trim(t.channel)), 'unknown') as channel,
        t.is_return_request,
        lower(trim(t.satisfaction_score)) as satisfaction_score,
        coalesce(t.account_id, t.contact_id) as customer_id
    from tickets as t
    left join product_identity as i on i.product_id = t.product_id
    where not t.is_deleted
      and t.created_at is not null
),

mapped_tickets as (
    select
        t.*,
        case
            when t.reason_key is null then 'unknown'
            else coalesce(exact.normalized, wildcard.normalized, 'unmapped')
        end as reason_normalized,
        coalesce(exact.is_complaint, wildcard.is_complaint, false) as is_complaint
    from live_tickets as t
    left join reason_map as exact
        on exact.source_system = t.source_system
        and exact.raw_value = t.reason_key
    left join reason_map as wildcard
        on wildcard.source_system = '*'
        and wildcard.raw_value = t.reason_key
),

final as (
    select
        t.period_start,
        'month' as period_grain,
        t.product_id,
        t.reason_normalized,
        t.channel,
        t.source_system,
        any_value(p.name) as product_name,
        count(*) as tickets,
        count(*) filter (where t.is_complaint) as complaint_tickets,
        count(*) filter (where t.is_return_request or t.reason_normalized = 'return') as return_requests,
        count(*) filter (where t.is_return_request is null) as return_request_unknown,
        count(*) filter (where t.reason_normalized = 'exchange') as exchange_requests,
        count(*) filter (where t.satisfaction_score in ('good', 'bad')) as satisfaction_rated,
        count(*) filter (where t.satisfaction_score = 'bad') as satisfaction_bad,
        count(*) filter (where t.reason_normalized = 'unmapped') as unmapped_reason_tickets,
        count(distinct t.customer_id) as unique_customers
    from mapped_tickets as t
    left join products as p on p.product_id = t.product_id
    group by
        t.period_start,
        t.product_id,
        t.reason_normalized,
        t.channel,
        t.source_system
)

select * from final
