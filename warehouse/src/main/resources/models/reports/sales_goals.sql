-- R6 Sales Goals as of ${as_of_date}: every goal with its target, the actual to date and the pace. Goals come from
-- the CRM (core.goal) and, for CRMs without goals, from the reference file goals.csv (config/reference; a missing
-- file means no reference goals). Metrics: revenue (won amount_rc, bookings by close date, current owner) and
-- deals_won (a count). The actual counts won deals with close_date in [period_start, min(period_end, as_of)] of the
-- assignee: the owner, the owner's current team, or every deal for a company goal. A revenue target is converted
-- at the plan rate: core.fx_rate_daily's rate of period_start (a target that cannot be converted leaves target_rc null, flagged).
-- Ratios are numerator + denominator: attainment = actual_to_date / target_rc (attainment is null when the target
-- is 0 or unknown); pace = actual_to_date / expected_to_date with expected_to_date = target × elapsed/period days.
-- pipeline_potential_rc: open deals of the assignee closing between max(as_of, period_start) and period_end.
-- grain: one row per (goal_id, period_start, period_end, assignee_type, assignee_id, metric)
-- unique: goal_id, period_start, period_end, assignee_type, assignee_id, metric
-- incremental by period period_start: select distinct g.period_start from (select distinct period_start, period_end from reports.sales_goals) as g join (select distinct close_date from core.deal_enriched where deal_id in (select deal_id from changed_deal)) as d on d.close_date between g.period_start and g.period_end
-- not_null: goal_id, period_start, period_end, assignee_type, metric, period_grain
-- accepted_values: period_grain in ('week', 'month', 'quarter', 'year', 'custom')
-- accepted_values: assignee_type in ('owner', 'team', 'company')
-- test attainment_null_exactly_when_no_target: select * from reports.sales_goals where (attainment is null) <> (target_rc is null or target_rc = 0)
-- test elapsed_within_period: select * from reports.sales_goals where elapsed_days < 0 or elapsed_days > period_days
-- test remaining_not_negative: select * from reports.sales_goals where remaining < 0

with

crm_goals as (
    select * from core.goal
),

reference_goal_files as (
    select content from read_text(${reference_dir} || '/goals.cs[v]')
),

enriched_deals as (
    select * from core.deal_enriched
),

owners as (
    select * from core.owner
),

teams as (
    select * from core.team
),

fx_rates as (
    select * from core.fx_rate_daily
    where source_system = '*'
),

reference_goal_lines as (
    select trim(unnest(string_split(content, chr(10))), chr(13) || ' ') as line
    from reference_goal_files
),

reference_goals as (
    select
        trim(f[1]) as goal_id,
        trim(f[2]) as source_system,
        lower(trim(f[3])) as metric,
        lower(trim(f[4])) as assignee_type,
        nullif(trim(f[5]), '') as assignee_id,
        cast(trim(f[6]) as date) as period_start,
        cast(trim(f[7]) as date) as period_end,
        cast(nullif(trim(f[8]), '') as decimal(18,2)) as target_value,
        upper(nullif(trim(f[9]), '')) as currency_code,
        'reference_csv' as goal_origin
    from (
        select string_split(line, ',') as f
        from reference_goal_lines
        where line <> ''
          and not starts_with(line, '#')
          and not starts_with(lower(line), 'goal_id')
    )
),

all_goals as (
    select
        goal_id,
        source_system,
        lower(metric) as metric,
        case lower(assignee_type) when 'user' then 'owner' else lower(assignee_type) end as assignee_type,
        assignee_id,
        period_start,
        period_end,
        target_value,
        upper(currency_code) as currency_code,
        'crm' as goal_origin
    from crm_goals
    where not is_deleted
    union all
    select * from reference_goals
),

goals_with_rate as (
    select
        g.*,
        case
            when g.metric <> 'revenue' then 1
            when coalesce(g.currency_code, upper(${reporting_currency})) = upper(${reporting_currency}) then 1
            else r.rate_multiplier
        end as plan_rate_multiplier,
        case
            when g.metric <> 'revenue' then 1
            when coalesce(g.currency_code, upper(${reporting_currency})) = upper(${reporting_currency}) then 1
            else r.rate_divisor
        end as plan_rate_divisor
    from all_goals as g
    left join fx_rates as r
        on r.from_currency = g.currency_code
        and r.rate_date = g.period_start
),

goal_windows as (
    select
        *,
        fx_convert(target_value, plan_rate_multiplier, plan_rate_divisor) as target_rc,
        cast(plan_rate_multiplier / plan_rate_divisor as decimal(18,8)) as plan_rate,
        target_value is not null and plan_rate_multiplier is null as fx_missing,
        datediff('day', period_start, period_end) + 1 as period_days,
        greatest(least(datediff('day', period_start, cast(${as_of_date} as date)) + 1,
            datediff('day', period_start, period_end) + 1), 0) as elapsed_days,
        least(period_end, cast(${as_of_date} as date)) as actual_through,
        -- one number per (goal_id, period_start, period_end, assignee_type, assignee_id, metric), the key the actuals
        -- are summed by (speed: deal pairs are grouped by this number instead of six columns)
        dense_rank() over (order by goal_id, period_start, period_end, assignee_type, assignee_id, metric) as goal_key
    from goals_with_rate
    where ${in_slice(period_start)}
),

-- Speed: only won and open deals count towards any actual, so the others are not paired with goals.
counted_deals as (
    select owner_id, team_id, source_system, status, close_date, amount_rc
    from enriched_deals
    where status in ('won', 'open')
),

assignee_deals as (
    select
        g.goal_key,
        d.amount_rc,
        d.status = 'won' and d.close_date between g.period_start and g.actual_through as counts_as_actual,
        d.status = 'open' and d.close_date between greatest(g.period_start, cast(${as_of_date} as date)) and g.period_end as counts_as_potential
    -- one equi-join per assignee type (an OR of the three is a nested-loop join of every goal with every deal)
    from goal_windows as g
    join counted_deals as d
        on g.assignee_type = 'owner' and d.owner_id = g.assignee_id
    where d.close_date between g.period_start and g.period_end
    union all
    select
        g.goal_key, d.amount_rc,
        d.status = 'won' and d.close_date between g.period_start and g.actual_through,
        d.status = 'open' and d.close_date between greatest(g.period_start, cast(${as_of_date} as date)) and g.period_end
    from goal_windows as g
    join counted_deals as d
        on g.assignee_type = 'team' and d.team_id = g.assignee_id
    where d.close_date between g.period_start and g.period_end
    union all
    select
        g.goal_key, d.amount_rc,
        d.status = 'won' and d.close_date between g.period_start and g.actual_through,
        d.status = 'open' and d.close_date between greatest(g.period_start, cast(${as_of_date} as date)) and g.period_end
    from goal_windows as g
    join counted_deals as d
        on g.assignee_type = 'company' and (g.source_system is null or d.source_system = g.source_system)
    where d.close_date between g.period_start and g.period_end
),

actuals as (
    select
        goal_key,
        count(*) filter (where counts_as_actual) as won_deals,
        coalesce(sum(amount_rc) filter (where counts_as_actual), 0) as won_amount_rc,
        coalesce(sum(amount_rc) filter (where counts_as_potential), 0) as pipeline_potential_rc
    from assignee_deals
    group by all
),

measured as (
    select
        g.*,
        coalesce(a.won_deals, 0) as won_deals,
        coalesce(a.won_amount_rc, 0) as won_amount_rc,
        coalesce(a.pipeline_potential_rc, 0) as pipeline_potential_rc,
        case when g.metric = 'deals_won' then coalesce(a.won_deals, 0) else coalesce(a.won_amount_rc, 0) end as actual_to_date
    from goal_windows as g
    left join actuals as a
        on a.goal_key = g.goal_key
        -- (goals whose key has a null other than assignee_id never matched their actuals)
        and g.goal_id is not null
        and g.period_start is not null
        and g.period_end is not null
        and g.assignee_type is not null
        and g.metric is not null
),

final as (
    select
        m.goal_id,
        m.goal_origin,
        m.source_system,
        m.metric,
        m.assignee_type,
        m.assignee_id,
        case when m.assignee_type = 'owner' then m.assignee_id end as owner_id,
        o.name as owner_name,
        coalesce(case when m.assignee_type = 'team' then m.assignee_id end, o.team_id) as team_id,
        t.name as team_name,
        m.period_start,
        m.period_end,
        case
            when m.period_start = date_trunc('month', m.period_start) and m.period_end = last_day(m.period_start) then 'month'
            when m.period_start = date_trunc('quarter', m.period_start)
                and m.period_end = cast(date_trunc('quarter', m.period_start) + interval 3 month - interval 1 day as date) then 'quarter'
            when m.period_start = date_trunc('year', m.period_start)
                and m.period_end = cast(date_trunc('year', m.period_start) + interval 1 year - interval 1 day as date) then 'year'
            when isodow(m.period_start) = 1 and m.period_end = m.period_start + 6 then 'week'
            else 'custom'
        end as period_grain,
        cast(${as_of_date} as date) as as_of_date,
        upper(${reporting_currency}) as reporting_currency,
        m.target_value,
        m.currency_code,
        m.plan_rate,
        m.target_rc,
        m.fx_missing,
        cast(m.won_deals as bigint) as won_deals,
        cast(m.won_amount_rc as decimal(18,2)) as won_amount_rc,
        cast(m.actual_to_date as decimal(18,2)) as actual_to_date,
        cast(m.actual_to_date as decimal(18,2)) as attainment_num,
        m.target_rc as attainment_den,
        cast(m.actual_to_date / nullif(m.target_rc, 0) as decimal(18,6)) as attainment,
        m.period_days,
        m.elapsed_days,
        cast(round(m.target_rc * m.elapsed_days / m.period_days, 2) as decimal(18,2)) as expected_to_date,
        cast(greatest(m.target_rc - m.actual_to_date, 0) as decimal(18,2)) as remaining,
        m.period_days - m.elapsed_days as remaining_days,
        cast(round(greatest(m.target_rc - m.actual_to_date, 0) / nullif(m.period_days - m.elapsed_days, 0), 2) as decimal(18,2)) as required_per_day,
        case when m.elapsed_days > 0
            then cast(round(m.actual_to_date * m.period_days / m.elapsed_days, 2) as decimal(18,2)) end as projected_end,
        cast(m.pipeline_potential_rc as decimal(18,2)) as pipeline_potential_rc,
        cast(greatest(m.target_rc - m.actual_to_date - m.pipeline_potential_rc, 0) as decimal(18,2)) as shortage_num,
        m.target_rc as shortage_den
    from measured as m
    left join owners as o on m.assignee_type = 'owner' and o.owner_id = m.assignee_id
    left join teams as t on t.team_id = coalesce(case when m.assignee_type = 'team' then m.assignee_id end, o.team_id)
)

select * from final
