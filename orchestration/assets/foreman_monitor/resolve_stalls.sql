-- Resolve every open builder_stall blocker whose task no longer has a stalled
-- builder at %(at)s: heartbeats resumed (last_heartbeat >= at - stall_minutes),
-- the builder left `active`, or it moved off the task. Each resolution gets an
-- evidence-trail row naming the builder (evidence_trail.entity_id is a uuid, so
-- the task is the entity and the builder id goes into context).
with

stalled_tasks as (

    select current_task_id as task_id
    from foreman.builders
    where state = 'active'
      and current_task_id is not null
      and last_heartbeat < %(at)s::timestamptz - make_interval(mins => %(stall_minutes)s::int)

),

resolved as (

    update foreman.blockers as blocker
       set resolved_at = %(at)s::timestamptz,
           resolution_action = 'heartbeat_resumed'
     where blocker.classification = 'builder_stall'
       and blocker.entity_type = 'task'
       and blocker.resolved_at is null
       and blocker.detected_at <= %(at)s::timestamptz
       and not exists (select 1 from stalled_tasks as s where s.task_id = blocker.entity_id)
    returning blocker.blocker_id, blocker.entity_id as task_id, blocker.detected_at

),

attributed as (

    -- The builder the blocker was opened for, else whoever holds the task now.
    select
        r.blocker_id,
        r.task_id,
        r.detected_at,
        coalesce(opened_for.builder_id, holder.builder_id) as builder_id
    from resolved as r
    left join lateral (
        select e.context ->> 'builder_id' as builder_id
        from foreman.evidence_trail as e
        where e.entity_type = 'task'
          and e.entity_id = r.task_id
          and e.action = 'builder_stall_detected'
          and e.context ->> 'blocker_id' = r.blocker_id::text
        order by e.timestamp desc
        limit 1
    ) as opened_for on true
    left join lateral (
        select b.builder_id
        from foreman.builders as b
        where b.current_task_id = r.task_id
        order by b.builder_id
        limit 1
    ) as holder on true

),

evidence as (

    insert into foreman.evidence_trail (entity_type, entity_id, action, actor, backend, model, context, timestamp)
    select
        'task',
        a.task_id,
        'builder_stall_resolved',
        'foreman',
        b.backend_type,
        b.provenance ->> 'model',
        jsonb_build_object(
            'builder_id', a.builder_id,
            'blocker_id', a.blocker_id,
            'resolution_action', 'heartbeat_resumed',
            'builder_state', b.state,
            'builder_current_task_id', b.current_task_id,
            'last_heartbeat', b.last_heartbeat,
            'stall_minutes', %(stall_minutes)s::int,
            'stalled_for_minutes', round((extract(epoch from %(at)s::timestamptz - a.detected_at) / 60)::numeric, 2)
        ),
        %(at)s::timestamptz
    from attributed as a
    left join foreman.builders as b on b.builder_id = a.builder_id

)

select blocker_id, builder_id, task_id
from attributed
order by builder_id, task_id
