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
