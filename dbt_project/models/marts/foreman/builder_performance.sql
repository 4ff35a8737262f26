{#-
    Builder performance over the pattern window [as_of − 365 days, as_of]
    (SPEC §7.2, §10), the Foreman domain's units seen per builder: a task
    belongs to the window when it completed in it (completed_at) or failed in
    it (updated_at). A unit succeeds when it completed and its latest QA
    execution ≤ as_of (ties by execution_id) is GREEN, so tasks_succeeded /
    tasks_finished is the foreman pattern's success rate.
-#}
{%- set window_hours = 24 * var('pattern_window_days', 365) -%}

with

builders as (

    select * from {{ ref('stg_foreman__builders') }}

),

tasks as (

    select * from {{ ref('stg_foreman__tasks') }}

),

qa_executions as (

    select * from {{ ref('stg_foreman__qa_executions') }}
    where executed_at <= {{ as_of() }}

),

window_bounds as (

    select {{ as_of() }} - make_interval(hours => {{ window_hours }}) as window_start, {{ as_of() }} as window_end

),

latest_qa as (

    select distinct on (task_id) task_id, qa_status
    from qa_executions
    order by task_id, executed_at desc, execution_id desc

),

finished_tasks as (

    select
        tasks.task_id,
        tasks.assigned_builder as builder_id,
        tasks.state,
        tasks.state = 'completed' and latest_qa.qa_status = 'GREEN' as succeeded,
        case
            when tasks.state = 'completed' then extract(epoch from tasks.completed_at - tasks.started_at) / 60.0
        end as duration_minutes
    from tasks
    cross join window_bounds
    left join latest_qa on latest_qa.task_id = tasks.task_id
    where (tasks.state = 'completed' and tasks.completed_at between window_bounds.window_start and window_bounds.window_end)
       or (tasks.state = 'failed' and tasks.updated_at between window_bounds.window_start and window_bounds.window_end)

),

task_metrics as (

    select
        builder_id,
        count(*) filter (where state = 'completed') as tasks_completed,
        count(*) filter (where state = 'failed') as tasks_failed,
        count(*) as tasks_finished,
        count(*) filter (where succeeded) as tasks_succeeded,
        percentile_cont(0.5) within group (order by duration_minutes) as median_duration_minutes
    from finished_tasks
    group by builder_id

),

qa_metrics as (

    select
        tasks.assigned_builder as builder_id,
        count(*) as qa_execution_count,
        count(*) filter (where qa_executions.qa_status = 'GREEN') as qa_green_execution_count
    from qa_executions
    inner join tasks on tasks.task_id = qa_executions.task_id
    cross join window_bounds
    where qa_executions.executed_at >= window_bounds.window_start
    group by tasks.assigned_builder

),

builder_performance as (

    select
        builders.builder_id,
        builders.backend_type,
        'foreman:' || builders.builder_id || '/' || builders.backend_type as pattern_key,
        window_bounds.window_start,
        window_bounds.window_end,
        coalesce(task_metrics.tasks_completed, 0) as tasks_completed,
        coalesce(task_metrics.tasks_failed, 0) as tasks_failed,
        coalesce(task_metrics.tasks_finished, 0) as tasks_finished,
        coalesce(task_metrics.tasks_succeeded, 0) as tasks_succeeded,
        task_metrics.tasks_succeeded::float8 / nullif(task_metrics.tasks_finished, 0) as success_rate,
        coalesce(qa_metrics.qa_execution_count, 0) as qa_execution_count,
        coalesce(qa_metrics.qa_green_execution_count, 0) as qa_green_execution_count,
        round(qa_metrics.qa_green_execution_count::numeric / nullif(qa_metrics.qa_execution_count, 0), 4) as qa_pass_rate,
        task_metrics.median_duration_minutes,
        {{ as_of() }} as as_of
    from builders
    cross join window_bounds
    left join task_metrics on task_metrics.builder_id = builders.builder_id
    left join qa_metrics on qa_metrics.builder_id = builders.builder_id

)

select * from builder_performance
