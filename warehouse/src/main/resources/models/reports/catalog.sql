-- The report catalog: one row per report table, so one front end can list and open every report.
-- To add a report, add one row to report_rows.
-- grain: one row per report
-- unique: report_id
-- test table_exists: select c.* from reports.catalog c where not exists (select 1 from information_schema.tables t where t.table_schema || '.' || t.table_name = c.table_name)

with

report_rows as (
    select *
    from (
        values
            (
                'total_sales',
                'Total Sales',
                'reports.total_sales',
                'one row per (period_start, period_grain, owner_id, team_id, source_normalized, account_id, product_id, pipeline_id, source_system)',
                'period_start, owner_name, team_name, source_normalized, account_name, product_name, pipeline_id, source_system',
                'period_start desc, owner_name',
                'Won deals per close month by owner, team, lead source, customer, product and CRM; product rows from line items, with an unallocated row reconciling them to deal amounts.'
            ),
            (
                'email_outcomes',
                'E-mail Outcomes',
                'reports.email_outcomes',
                'one row per (email_campaign_id, send_date, source_system)',
                'period_start, campaign_name, email_name, channel, source_system',
                'period_start desc, campaign_name',
                'Each sent marketing e-mail by send day and campaign: sent, delivered, bounced, opened, clicked, unsubscribes and spam reports, for delivery, open, click and click-to-open rates.'
            ),
            (
                'lead_sources',
                'Lead Sources Performance',
                'reports.lead_sources',
                'one row per (period_start, period_grain, source_normalized, channel, campaign_id, source_system)',
                'period_start, source_normalized, channel, campaign_id, source_system',
                'period_start desc, source_normalized',
                'Leads per creation month by normalized source, channel and first-touch campaign, with how many reached MQL, SQL, opportunity and customer; won deals and revenue per close month by the deal''s source; unknown and unmapped sources counted.'
            ),
            (
                'product_complaints',
                'Dead on Arrival (detail)',
                'reports.product_complaints',
                'one row per (period_start, period_grain, product_id, reason_normalized, channel, source_system)',
                'period_start, product_name, reason_normalized, channel, source_system',
                'period_start desc, product_name',
                'Support tickets per product, month, normalized reason and channel: complaints, return requests and customers affected.'
            ),
            (
                'product_return_rate',
                'Dead on Arrival',
                'reports.product_return_rate',
                'one row per (period_start, period_grain, product_id, source_system)',
                'period_start, product_name, source_system',
                'period_start desc, product_name',
                'Per product and month: complaints and return requests against units sold, for the return rate and complaints per 1000 units.'
            ),
            (
                'customer_profitability',
                'Profitability per Customer',
                'reports.customer_profitability',
                'one row per (period_start, period_grain, account_id, source_system)',
                'period_start, account_name, cost_status, source_system',
                'period_start desc, gross_profit_rc desc',
                'Per close month and customer: orders, revenue, cost of goods and gross profit where costs are known (rows flagged no cost data / partial), first and last purchase, repeat buyers.'
            ),
            (
                'offering_profitability',
                'Most Profitable Service Offering',
                'reports.offering_profitability',
                'one row per (period_start, period_grain, product_id, source_system)',
                'period_start, product_name, source_system',
                'period_start desc, net_profit_rc desc',
                'Per month and product: revenue, direct cost, gross profit, overhead allocated from config/reference/cost_pools.csv by units, tickets or revenue, and net profit.'
            ),
            (
                'cost_allocation',
                'Overhead Allocation',
                'reports.cost_allocation',
                'one row per (period_start, cost_pool, product_id)',
                'period_start, cost_pool, product_id, driver_used',
                'period_start desc, cost_pool',
                'How each month''s overhead pool was split over products: driver, driver value, share and amount (exhaustive to the cent).'
            ),
            (
                'campaign_performance',
                'Campaign Performance',
                'reports.campaign_performance',
                'one row per (campaign_id, attribution_model, source_system)',
                'period_start, campaign_name, channel, attribution_model, source_system',
                'period_start desc, campaign_name',
                'Per campaign (first touch): leads, opportunities, won deals and amount, pipeline, new and repeat customers, cost from config/reference/campaign_costs.csv and ROI; campaign none holds unattributed deals.'
            ),
            (
                'forecast_per_source',
                'Forecasted Sales per Source',
                'reports.forecast_per_source',
                'one row per (period_start, period_grain, owner_id, pipeline_id, source_normalized, channel, source_system)',
                'period_start, owner_name, pipeline_id, source_normalized, channel, source_system',
                'period_start desc, owner_name',
                'Open, weighted and won amounts per close month and lead source, for the forecast by source.'
            ),
            (
                'direct_sales',
                'Direct Sales',
                'reports.direct_sales',
                'one row per (period_start, period_grain, owner_id, account_id, pipeline_id, source_normalized, source_system)',
                'period_start, owner_name, account_name, pipeline_id, source_normalized, source_system',
                'period_start desc, owner_name',
                'Won deals sold without an intermediary (lead sources mapped to the direct sales channel) per close month, owner and customer.'
            ),
            (
                'direct_conversion_stages',
                'Conversion Stages without Intermediary',
                'reports.direct_conversion_stages',
                'one row per (period_start, period_grain, pipeline_id, stage_id, source_system)',
                'period_start, pipeline_id, stage_name, source_system',
                'period_start desc, display_order',
                'The funnel of direct deals: per creation-month cohort and stage, deals that reached the stage or beyond and deals sitting in it.'
            ),
            (
                'call_outcomes',
                'Call Outcomes',
                'reports.call_outcomes',
                'one row per (period_start, period_grain, owner_id, direction, outcome_normalized, source_system)',
                'period_start, owner_name, direction, outcome_normalized, source_system',
                'period_start desc, owner_name',
                'Calls per day, owner, direction and normalized outcome: connected calls, durations and talk time.'
            ),
            (
                'call_recordings',
                'Call Recordings',
                'reports.call_recordings',
                'one row per call',
                'period_start, owner_name, direction, outcome_normalized, has_recording, source_system',
                'period_start desc, owner_name',
                'Every call with owner, contact, deal, duration, outcome and recording link, for recording coverage.'
            ),
            (
                'loss_reasons',
                'Deal Loss Reasons',
                'reports.loss_reasons',
                'one row per (period_start, period_grain, owner_id, pipeline_id, stage_at_loss, lost_reason_normalized, source_system)',
                'period_start, owner_name, pipeline_name, stage_at_loss, lost_reason_normalized, source_system',
                'period_start desc, owner_name',
                'Lost deals and amount per close month, owner, pipeline, stage at loss and normalized reason.'
            ),
            (
                'loss_reasons_per_source',
                'Loss Reasons per Source',
                'reports.loss_reasons_per_source',
                'one row per (period_start, period_grain, source_normalized, channel, pipeline_id, lost_reason_normalized, source_system)',
                'period_start, source_normalized, channel, pipeline_name, lost_reason_normalized, source_system',
                'period_start desc, source_normalized',
                'Lost deals and amount per close month, lead source, pipeline and normalized reason.'
            ),
            (
                'sales_forecast',
                'Forecasted Sales',
                'reports.sales_forecast',
                'one row per (as_of_date, period_start, period_grain, owner_id, pipeline_id, source_system)',
                'period_start, period_grain, owner_name, team_name, pipeline_name, source_system',
                'period_start desc, owner_name',
                'As of today, per month and quarter: won amount, open pipeline by forecast category (commit, best case, pipeline, omitted), past-due and unscheduled deals, weighted and run-rate forecasts.'
            ),
            (
                'sales_goals',
                'Sales Goals',
                'reports.sales_goals',
                'one row per (goal_id, period_start, period_end, assignee_type, assignee_id, metric)',
                'period_start, period_grain, owner_name, team_name, assignee_type, metric, source_system',
                'period_start desc, owner_name',
                'Each revenue or deal-count goal (from the CRM or config/reference/goals.csv) with target, actual to date, attainment, pace, remaining and pipeline potential.'
            ),
            (
                'sales_trend',
                'Sales Trend',
                'reports.sales_trend',
                'one row per (period_start, period_grain, owner_id, source_system, series)',
                'period_start, owner_name, series, source_system',
                'period_start desc, owner_name',
                'Monthly series per owner: won amount, won count, deals created and leads created, with a 3-month moving average.'
            ),
            (
                'sales_funnel',
                'Sales Funnel',
                'reports.sales_funnel',
                'one row per (cohort_period_start, period_grain, funnel_mode, pipeline_id, stage_id, source_normalized, owner_id, source_system)',
                'cohort_period_start, pipeline_id, stage_name, source_normalized, owner_name, source_system',
                'cohort_period_start desc, pipeline_id, stage_position',
                'Deals created in a month followed to today: how many reached each stage or beyond (and strictly every stage), sit there now, or were lost from it.'
            ),
            (
                'pipeline_snapshot',
                'Pipeline',
                'reports.pipeline_snapshot',
                'one row per (as_of_date, pipeline_id, stage_id, owner_id, source_system, bucket)',
                'pipeline_name, stage_name, owner_name, team_name, bucket, source_system',
                'pipeline_id, stage_display_order, owner_name',
                'Open deals today by pipeline, stage and owner: count, amount, weighted amount, age and days in stage, with past-due, unscheduled and omitted buckets.'
            ),
            (
                'pipeline_movement',
                'Pipeline Movement',
                'reports.pipeline_movement',
                'one row per (period_start, period_grain, pipeline_id, from_stage_id, to_stage_id, owner_id, source_system)',
                'period_start, pipeline_id, from_stage_id, to_stage_id, owner_name, source_system',
                'period_start desc, owner_name',
                'Stage transitions per month: from and to stage, advanced, regressed, won and lost moves.'
            ),
            (
                'sales_conversion',
                'Sales Conversion',
                'reports.sales_conversion',
                'one row per (period_start, period_grain, owner_id, source_normalized, source_system)',
                'period_start, owner_name, source_normalized, source_system',
                'period_start desc, owner_name',
                'Leads created per month and how many converted and became customers (cohort), conversions in the month, and deals won and lost (win rate).'
            ),
            (
                'daily_activity',
                'Daily Activity',
                'reports.daily_activity',
                'one row per (period_start, period_grain, owner_id, source_system)',
                'period_start, owner_name, team_name, source_system',
                'period_start desc, owner_name',
                'Actions on the prospect base per day and owner: calls, e-mails, meetings, tasks, notes, contacts touched, leads and deals created, won and lost.'
            ),
            (
                'weekly_progress',
                'Weekly Progress',
                'reports.weekly_progress',
                'one row per (period_start, period_grain, owner_id, pipeline_id, source_system)',
                'period_start, owner_name, team_name, pipeline_name, source_system',
                'period_start desc, owner_name',
                'Per week: deals advanced and regressed in the funnel, new deals, deals won and lost, and customers lost.'
            ),
            (
                'monthly_summary',
                'Monthly Summary',
                'reports.monthly_summary',
                'one row per (period_start, period_grain, owner_id, team_id, source_system)',
                'period_start, owner_name, team_name, source_system',
                'period_start desc, owner_name',
                'Per month: new customers, orders, revenue, average order value and gross profit where product costs are known.'
            )
    ) as reports (report_id, title, table_name, grain, dimensions, default_sort, description)
),

final as (
    select
        report_id,
        title,
        table_name,
        grain,
        dimensions,
        default_sort,
        description
    from report_rows
)

select * from final
