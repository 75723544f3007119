-- Monthly report: new customers, orders, revenue, average order value and gross profit per close month, owner
-- (current), team and CRM. orders = won deals; revenue_rc = their amount_rc (equals R5 total sales for the month);
-- aov_rc = aov_num_rc / aov_den (won deals with a known amount). new_customers: customers (canonical accounts) whose
-- first-ever won deal closed this month, credited to that deal's owner. Gross profit only where cost is known: a
-- won deal is costed when it has line items and every line's cost is known (core.won_line_profit: quantity x the
-- product's unit cost at the close-date rate); costed_revenue_rc, cogs_rc, gross_profit_rc = costed_revenue_rc − cogs_rc and
-- gross margin = gross_profit_rc / costed_revenue_rc; cost coverage = costed_revenue_rc / revenue_rc. Unknown cost is
-- never counted as 0.
-- grain: one row per (period_start, period_grain, owner_id, team_id, source_system)
-- unique: period_start, period_grain, owner_id, team_id, source_system
-- not_null: period_start, period_grain, owner_id, team_id, source_system
-- accepted_values: period_grain in ('month')
-- relationships: owner_id -> core.owner.owner_id except ('unassigned') where source_system in (select source_system from core.owner)
-- relationships: team_id -> core.team.team_id except ('unassigned') where source_system in (select source_system from core.team)
-- test aov_reconciles: select * from reports.monthly_summary where aov_den > orders or (aov_den = orders and aov_num_rc <> revenue_rc)
-- test new_customers_within_customers: select * from reports.monthly_summary where new_customers > customers_won
-- test gross_profit_identity: select * from reports.monthly_summary where gross_profit_rc <> costed_revenue_rc - cogs_rc or costed_revenue_rc > revenue_rc

with

enriched_deals as (
    select * from core.deal_enriched
),

won_deals as (
    select
        deal_id,
        close_date,
        closed_at,
        close_month as period_start,
        coalesce(owner_id, 'unassigned') as owner_id,
        coalesce(owner_name, 'unassigned') as owner_name,
        coalesce(team_id, 'unassigned') as team_id,
        coalesce(team_name, 'unassigned') as team_name,
        source_system,
        canonical_account_id,
        amount_rc
    from enriched_deals
    where status = 'won'
      and close_date is not null
),

first_wins as (
    select
        canonical_account_id,
        arg_min(deal_id, (close_date, closed_at, deal_id)) as first_won_deal_id
    from won_deals
    where canonical_account_id is not null
    group by canonical_account_id
),

deal_costs as (
    select
        deal_id,
        sum(line_cost_rc) as cogs_rc,
        bool_and(cost_known) as fully_costed
    from core.won_line_profit
    group by deal_id
),

deal_facts as (
    select
        d.*,
        f.first_won_deal_id is not null as is_first_win,
        c.fully_costed and d.amount_rc is not null as is_costed,
        c.cogs_rc
    from won_deals as d
    left join first_wins as f on f.first_won_deal_id = d.deal_id
    left join deal_costs as c on c.deal_id = d.deal_id
),

final as (
    select
        period_start,
        'month' as period_grain,
        owner_id,
        team_id,
        source_system,
        any_value(owner_name) as owner_name,
        any_value(team_name) as team_name,
        upper(${reporting_currency}) as reporting_currency,
        -- a customer has one first win: counting those deals counts the customers, without a second distinct
        cast(count(*) filter (where is_first_win) as bigint) as new_customers,
        cast(count(distinct canonical_account_id) as bigint) as customers_won,
        cast(count(*) as bigint) as orders,
        cast(coalesce(sum(amount_rc), 0) as decimal(18,2)) as revenue_rc,
        cast(coalesce(sum(amount_rc), 0) as decimal(18,2)) as aov_num_rc,
        cast(count(amount_rc) as bigint) as aov_den,
        cast(sum(amount_rc) as double) / nullif(count(amount_rc), 0) as aov_rc,
        cast(coalesce(sum(amount_rc) filter (where is_costed), 0) as decimal(18,2)) as costed_revenue_rc,
        cast(coalesce(sum(cogs_rc) filter (where is_costed), 0) as decimal(18,2)) as cogs_rc,
        cast(coalesce(sum(amount_rc - cogs_rc) filter (where is_costed), 0) as decimal(18,2)) as gross_profit_rc,
        cast(count(*) filter (where not coalesce(is_costed, false)) as bigint) as uncosted_orders
    from deal_facts
    group by period_start, owner_id, team_id, source_system
)

select * from final
