{#- One row per UTC week (Monday start) of the last `qa_trend_weeks` weeks up to
    as_of: QA executions of all tasks, GREEN share and test pass rate, and the
    change from the week before. Weeks without executions have null rates. -#}

{%- set trend_weeks = var('qa_trend_weeks', 12) | int %}

with

executions as (

    select * from {{ ref('stg_foreman__qa_executions') }}
    where executed_at <= {{ as_of() }}

),

weeks as (

    select
        week_start,
        least(week_start + interval '7 days', {{ as_of() }}) as week_end,
        week_start + interval '7 days' <= {{ as_of() }} as is_complete_week
    from generate_series(
        date_trunc('week', {{ as_of() }}, 'UTC') - interval '{{ trend_weeks - 1 }} weeks',
        date_trunc('week', {{ as_of() }}, 'UTC'),
        interval '7 days'
    ) as week_start

),

weekly_executions as (

    select
        weeks.week_start,
        weeks.week_end,
        weeks.is_complete_week,
        count(executions.execution_id) as execution_count,
        count(distinct executions.task_id) as tasks_executed,
        count(executions.execution_id) filter (where executions.qa_status = 'GREEN') as green_execution_count,
        coalesce(sum(executions.total_tests), 0) as total_tests,
        coalesce(sum(executions.passing_tests), 0) as passing_tests
    from weeks
    left join executions
        on executions.executed_at >= weeks.week_start
       and executions.executed_at < weeks.week_start + interval '7 days'
    group by weeks.week_start, weeks.week_end, weeks.is_complete_week

),

weekly_rates as (

    select
        weekly_executions.*,
        round(green_execution_count::numeric / nullif(execution_count, 0), 4) as green_execution_rate,
        round(passing_tests::numeric / nullif(total_tests, 0), 4) as test_pass_rate
    from weekly_executions

),

qa_pass_rate_trend as (

    select
        week_start,
        week_end,
        is_complete_week,
        execution_count,
        tasks_executed,
        green_execution_count,
        green_execution_rate,
        total_tests,
        passing_tests,
        test_pass_rate,
        test_pass_rate - lag(test_pass_rate) over (order by week_start) as test_pass_rate_change,
        {{ as_of() }} as as_of
    from weekly_rates

)

select * from qa_pass_rate_trend
