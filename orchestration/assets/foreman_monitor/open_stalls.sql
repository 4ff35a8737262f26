-- Open one builder_stall blocker per task whose `active` builder has sent no
-- heartbeat since %(at)s - stall_minutes, unless one is already open, with an
-- evidence-trail row each (task as entity, builder id in context).
with

stalled as (

    -- Two stalled builders on one task still make one blocker: the longest silent.
    select distinct on (b.current_task_id)
        b.builder_id,
        b.current_task_id as task_id,
        b.backend_type,
        b.provenance ->> 'model' as model,
        b.last_heartbeat
    from foreman.builders as b
    where b.state = 'active'
      and b.current_task_id is not null
      and b.last_heartbeat < %(at)s::timestamptz - make_interval(mins => %(stall_minutes)s::int)
      and not exists (
          select 1
          from foreman.blockers as open_stall
          where open_stall.classification = 'builder_stall'
            and open_stall.entity_type = 'task'
            and open_stall.entity_id = b.current_task_id
            and open_stall.resolved_at is null
      )
    order by b.current_task_id, b.last_heartbeat, b.builder_id

),

opened as (

    insert into foreman.blockers (entity_type, entity_id, classification, description, detected_at)
    select
        'task',
        s.task_id,
        'builder_stall',
        s.builder_id || ' stalled: no heartbeat since '
            || to_char(s.last_heartbeat at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
            || ' (more than ' || %(stall_minutes)s::int || ' minutes)',
        %(at)s::timestamptz
    from stalled as s
    on conflict (entity_type, entity_id) where classification = 'builder_stall' and resolved_at is null
    do nothing
    returning blocker_id, entity_id as task_id

),

evidence as (

    insert into foreman.evidence_trail (entity_type, entity_id, action, actor, backend, model, context, timestamp)
    select
        'task',
        o.task_id,
        'builder_stall_detected',
        'foreman',
        s.backend_type,
        s.model,
        jsonb_build_object(
            'builder_id', s.builder_id,
            'blocker_id', o.blocker_id,
            'last_heartbeat', s.last_heartbeat,
            'stall_minutes', %(stall_minutes)s::int,
            'silent_minutes', round((extract(epoch from %(at)s::timestamptz - s.last_heartbeat) / 60)::numeric, 2)
        ),
        %(at)s::timestamptz
    from opened as o
    join stalled as s on s.task_id = o.task_id

)

select o.blocker_id, s.builder_id, o.task_id
from opened as o
join stalled as s on s.task_id = o.task_id
order by s.builder_id, o.task_id
