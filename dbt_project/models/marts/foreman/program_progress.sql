{#- One row per Foreman program existing at as_of: waves and tasks by state,
    progress, blocked tasks and the blockers open at as_of by classification. -#}

with

programs as (

    select * from {{ ref('stg_foreman__programs') }}
    where created_at <= {{ as_of() }}

),

waves as (

    select * from {{ ref('stg_foreman__waves') }}
    where created_at <= {{ as_of() }}

),

tasks as (

    select * from {{ ref('stg_foreman__tasks') }}
    where created_at <= {{ as_of() }}

),

blockers as (

    select * from {{ ref('stg_foreman__blockers') }}

),

-- Open at as_of: raised by then and not resolved by then.
open_blockers as (

    select blocker_id, entity_type, entity_id, classification
    from blockers
    where detected_at <= {{ as_of() }}
      and (resolved_at is null or resolved_at > {{ as_of() }})

),

program_tasks as (

    select
        tasks.task_id,
        tasks.state,
        tasks.progress_percentage,
        waves.program_id,
        -- Blocked: in state `blocked`, or under a blocker open at as_of (e.g. a builder stall).
        tasks.state = 'blocked' or exists (
            select 1 from open_blockers
            where open_blockers.entity_type = 'task' and open_blockers.entity_id = tasks.task_id
        ) as is_blocked
    from tasks
    inner join waves on waves.wave_id = tasks.wave_id

),

-- A blocker on a program, one of its waves or one of its tasks blocks the program.
program_blockers as (

    select open_blockers.classification, programs.program_id
    from open_blockers
    inner join programs on open_blockers.entity_type = 'program' and programs.program_id = open_blockers.entity_id

    union all

    select open_blockers.classification, waves.program_id
    from open_blockers
    inner join waves on open_blockers.entity_type = 'wave' and waves.wave_id = open_blockers.entity_id

    union all

    select open_blockers.classification, program_tasks.program_id
    from open_blockers
    inner join program_tasks on open_blockers.entity_type = 'task' and program_tasks.task_id = open_blockers.entity_id

),

waves_rolled_up as (

    select
        program_id,
        count(*) as wave_count,
        {{ count_each('state', ['planned', 'in-progress', 'blocked', 'completed', 'failed'], prefix='waves_') }}
    from waves
    group by program_id

),

tasks_rolled_up as (

    select
        program_id,
        count(*) as task_count,
        {{ count_each('state', ['planned', 'assigned', 'in-progress', 'blocked', 'completed', 'failed'], prefix='tasks_') }},
        count(*) filter (where is_blocked) as blocked_task_count,
        round(avg(progress_percentage), 2) as task_progress_mean
    from program_tasks
    group by program_id

),

blockers_rolled_up as (

    select
        program_id,
        count(*) as open_blocker_count,
        count(*) filter (where classification = 'architecture_qa_mismatch') as open_architecture_qa_mismatch_blockers,
        count(*) filter (where classification = 'impossible_requirements') as open_impossible_requirements_blockers,
        count(*) filter (where classification = 'protected_path') as open_protected_path_blockers,
        count(*) filter (where classification = 'repeated_failures') as open_repeated_failures_blockers,
        count(*) filter (where classification = 'constitutional_violation') as open_constitutional_violation_blockers,
        count(*) filter (where classification = 'builder_stall') as open_builder_stall_blockers
    from program_blockers
    group by program_id

),

program_progress as (

    select
        programs.program_id,
        programs.program_name,
        programs.organisation_id,
        programs.state as program_state,
        programs.progress_percentage,
        coalesce(waves_rolled_up.wave_count, 0) as wave_count,
        coalesce(waves_rolled_up.waves_planned, 0) as waves_planned,
        coalesce(waves_rolled_up.waves_in_progress, 0) as waves_in_progress,
        coalesce(waves_rolled_up.waves_blocked, 0) as waves_blocked,
        coalesce(waves_rolled_up.waves_completed, 0) as waves_completed,
        coalesce(waves_rolled_up.waves_failed, 0) as waves_failed,
        coalesce(tasks_rolled_up.task_count, 0) as task_count,
        coalesce(tasks_rolled_up.tasks_planned, 0) as tasks_planned,
        coalesce(tasks_rolled_up.tasks_assigned, 0) as tasks_assigned,
        coalesce(tasks_rolled_up.tasks_in_progress, 0) as tasks_in_progress,
        coalesce(tasks_rolled_up.tasks_blocked, 0) as tasks_blocked,
        coalesce(tasks_rolled_up.tasks_completed, 0) as tasks_completed,
        coalesce(tasks_rolled_up.tasks_failed, 0) as tasks_failed,
        tasks_rolled_up.task_progress_mean,
        round(100.0 * tasks_rolled_up.tasks_completed / nullif(tasks_rolled_up.task_count, 0), 2)
            as task_completion_percentage,
        coalesce(tasks_rolled_up.blocked_task_count, 0) as blocked_task_count,
        coalesce(blockers_rolled_up.open_blocker_count, 0) as open_blocker_count,
        coalesce(blockers_rolled_up.open_architecture_qa_mismatch_blockers, 0) as open_architecture_qa_mismatch_blockers,
        coalesce(blockers_rolled_up.open_impossible_requirements_blockers, 0) as open_impossible_requirements_blockers,
        coalesce(blockers_rolled_up.open_protected_path_blockers, 0) as open_protected_path_blockers,
        coalesce(blockers_rolled_up.open_repeated_failures_blockers, 0) as open_repeated_failures_blockers,
        coalesce(blockers_rolled_up.open_constitutional_violation_blockers, 0) as open_constitutional_violation_blockers,
        coalesce(blockers_rolled_up.open_builder_stall_blockers, 0) as open_builder_stall_blockers,
        programs.created_at,
        programs.updated_at,
        {{ as_of() }} as as_of

    from programs
    left join waves_rolled_up on waves_rolled_up.program_id = programs.program_id
    left join tasks_rolled_up on tasks_rolled_up.program_id = programs.program_id
    left join blockers_rolled_up on blockers_rolled_up.program_id = programs.program_id

)

select * from program_progress
