-- R12 Dead on Arrival, detail: support tickets per product, month opened (reporting time zone), normalized reason
-- and channel. A ticket's reason (HubSpot: its category) goes through core.reason_map (domain 'ticket'); reasons
-- the map does not know are 'unmapped' (counted in unmapped_reason_tickets), tickets without one 'unknown'.
-- complaint_tickets = tickets whose reason is a complaint (reason_map.is_complaint); return_requests = tickets
-- asking to return the product, return_request_unknown = tickets whose CRM says nothing about it. Tickets without a
-- product are product 'unknown'. unique_customers counts distinct accounts (else contacts) and is not additive.
-- Return rates per product are in reports.product_return_rate.
-- grain: one row per (period_start, period_grain, product_id, reason_normalized, channel, source_system)
-- unique: period_start, period_grain, product_id, reason_normalized, channel, source_system
-- not_null: period_start, period_grain, product_id, channel, source_system
-- accepted_values: period_grain in ('month')
-- test returns_within_tickets: select * from reports.product_complaints where return_requests > tickets or complaint_tickets > tickets
-- test tickets_reconcile: select * from (select count(*) as n from core.ticket where not is_deleted and created_at is not null) t where t.n <> (select coalesce(sum(tickets), 0) from reports.product_complaints)

with

tickets as (
    select * from core.ticket
),

products as (
    select * from core.product
),

reason_map as (
    select * from core.reason_map
    where domain = 'ticket'
),

live_tickets as (
    select
        ticket_id,
        source_system,
        cast(date_trunc('month', timezone(${reporting_time_zone}, created_at)) as date) as period_start,
        coalesce(product_id, 'unknown') as product_id,
        upper(trim(reason_raw)) as reason_key,
        coalesce(lower(trim(channel)), 'unknown') as channel,
        is_return_request,
        coalesce(account_id, contact_id) as customer_id
    from tickets
    where not is_deleted
      and created_at is not null
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
        count(*) filter (where t.is_return_request) as return_requests,
        count(*) filter (where t.is_return_request is null) as return_request_unknown,
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
