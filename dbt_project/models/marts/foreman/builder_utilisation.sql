{#- One row per Foreman builder registered at as_of: state, current task,
    heartbeat gaps over the last window_days, silence at as_of, stall flag. -#}

{%- set stall_minutes = var('stall_minutes', 15) | int %}

with

builders as (

    select * from {{ ref('stg_foreman__builders') }}
    where created_at <= {{ as_of() }}

),

tasks as (

    select * from {{ ref('stg_foreman__tasks') }}

),

heartbeats as (

    select * from {{ ref('stg_foreman__heartbeats') }}
    where heartbeat_at <= {{ as_of() }}

),

blockers as (

    select * from {{ ref('stg_foreman__blockers') }}

),

window_heartbeats as (

    select
        builder_id,
        status,
        extract(epoch from heartbeat_at - lag(heartbeat_at) over (
            partition by builder_id order by heartbeat_at, heartbeat_id
        )) / 60 as gap_minutes
    from heartbeats
    where heartbeat_at > {{ as_of() }} - make_interval(days => {{ var('window_days') }})

),

heartbeat_gaps as (

    select
        builder_id,
        count(*) as window_heartbeat_count,
        count(*) filter (where status = 'active') as window_active_heartbeat_count,
        max(gap_minutes) as max_gap_minutes,
        avg(gap_minutes) as avg_gap_minutes
    from window_heartbeats
    group by builder_id

),

latest_logged_heartbeats as (

    select builder_id, max(heartbeat_at) as last_logged_heartbeat_at
    from heartbeats
    group by builder_id

),

-- builders.last_heartbeat is the clock the stall monitor reads; when it has moved
-- past as_of (a rerun for an earlier instant) the heartbeat log stands in.
builders_at_as_of as (

    select
        builders.*,
        case
            when builders.last_heartbeat_at <= {{ as_of() }} then builders.last_heartbeat_at
            else latest_logged_heartbeats.last_logged_heartbeat_at
        end as heartbeat_at_as_of
    from builders
    left join latest_logged_heartbeats on latest_logged_heartbeats.builder_id = builders.builder_id

),

open_stall_blockers as (

    select entity_id as task_id, min(blocker_id::text)::uuid as blocker_id
    from blockers
    where classification = 'builder_stall'
      and entity_type = 'task'
      and detected_at <= {{ as_of() }}
      and (resolved_at is null or resolved_at > {{ as_of() }})
    group by entity_id

),

builder_utilisation as (

    select
        builders_at_as_of.builder_id,
        builders_at_as_of.backend_type,
        builders_at_as_of.state as builder_state,
        builders_at_as_of.current_task_id,
        tasks.task_name as current_task_name,
        tasks.state as current_task_state,
        builders_at_as_of.heartbeat_at_as_of as last_heartbeat_at,
        round((extract(epoch from {{ as_of() }} - builders_at_as_of.heartbeat_at_as_of) / 60)::numeric, 2)
            as minutes_since_last_heartbeat,
        coalesce(heartbeat_gaps.window_heartbeat_count, 0) as window_heartbeat_count,
        round(
            heartbeat_gaps.window_active_heartbeat_count::numeric / nullif(heartbeat_gaps.window_heartbeat_count, 0), 4
        ) as active_heartbeat_share,
        round(heartbeat_gaps.max_gap_minutes::numeric, 2) as max_heartbeat_gap_minutes,
        round(heartbeat_gaps.avg_gap_minutes::numeric, 2) as avg_heartbeat_gap_minutes,
        -- The monitor's rule (SPEC §7.6): active, on a task, silent for longer than stall_minutes.
        coalesce(
            builders_at_as_of.state = 'active'
            and builders_at_as_of.current_task_id is not null
            and builders_at_as_of.heartbeat_at_as_of < {{ as_of() }} - interval '{{ stall_minutes }} minutes',
            false
        ) as is_stalled,
        open_stall_blockers.blocker_id as open_stall_blocker_id,
        {{ var('window_days') }} as window_days,
        {{ stall_minutes }} as stall_minutes,
        {{ as_of() }} as as_of

    from builders_at_as_of
    left join tasks on tasks.task_id = builders_at_as_of.current_task_id
    left join heartbeat_gaps on heartbeat_gaps.builder_id = builders_at_as_of.builder_id
    left join open_stall_blockers on open_stall_blockers.task_id = builders_at_as_of.current_task_id

)

select * from builder_utilisation
