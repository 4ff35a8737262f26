{#- One row per Foreman task existing at as_of: its latest QA execution
    (executed_at <= as_of, ties by execution_id), pass rates and test debt. -#}

with

tasks as (

    select * from {{ ref('stg_foreman__tasks') }}
    where created_at <= {{ as_of() }}

),

waves as (

    select * from {{ ref('stg_foreman__waves') }}

),

executions as (

    select * from {{ ref('stg_foreman__qa_executions') }}
    where executed_at <= {{ as_of() }}

),

executions_ranked as (

    select
        executions.*,
        row_number() over (
            partition by task_id
            order by executed_at desc, execution_id desc
        ) as recency_rank
    from executions

),

latest_executions as (

    select * from executions_ranked
    where recency_rank = 1

),

executions_rolled_up as (

    select
        task_id,
        count(*) as execution_count,
        count(*) filter (where qa_status = 'GREEN') as green_execution_count,
        sum(passing_tests) as passing_tests_sum,
        sum(total_tests) as total_tests_sum,
        min(executed_at) as first_executed_at
    from executions
    group by task_id

),

qa_health as (

    select
        tasks.task_id,
        tasks.task_name,
        tasks.wave_id,
        waves.program_id,
        tasks.assigned_builder,
        tasks.state as task_state,
        coalesce(executions_rolled_up.execution_count, 0) as execution_count,
        coalesce(executions_rolled_up.green_execution_count, 0) as green_execution_count,
        round(
            executions_rolled_up.green_execution_count::numeric / nullif(executions_rolled_up.execution_count, 0), 4
        ) as green_execution_rate,
        round(
            executions_rolled_up.passing_tests_sum::numeric / nullif(executions_rolled_up.total_tests_sum, 0), 4
        ) as cumulative_pass_rate,
        executions_rolled_up.first_executed_at,
        latest_executions.execution_id as latest_execution_id,
        latest_executions.executed_at as latest_executed_at,
        latest_executions.qa_status as latest_qa_status,
        latest_executions.total_tests as latest_total_tests,
        latest_executions.passing_tests as latest_passing_tests,
        latest_executions.failing_tests as latest_failing_tests,
        latest_executions.skipped_tests as latest_skipped_tests,
        round(latest_executions.passing_tests::numeric / nullif(latest_executions.total_tests, 0), 4)
            as latest_pass_rate,
        latest_executions.test_debt_count,
        case
            when latest_executions.execution_id is null then 'untested'
            when latest_executions.qa_status = 'RED' then 'failing'
            when latest_executions.qa_status = 'PARTIAL' then 'partial'
            when latest_executions.test_debt_count > 0 then 'green_with_debt'
            else 'green'
        end as qa_health_status,
        {{ as_of() }} as as_of

    from tasks
    inner join waves on waves.wave_id = tasks.wave_id
    left join executions_rolled_up on executions_rolled_up.task_id = tasks.task_id
    left join latest_executions on latest_executions.task_id = tasks.task_id

)

select * from qa_health
