-- Stalled builders at %(at)s whose current task has no open builder_stall
-- blocker: the monitor pass that just ran should have opened one for each.
select b.builder_id, b.current_task_id as task_id
from foreman.builders as b
where b.state = 'active'
  and b.current_task_id is not null
  and b.last_heartbeat < %(at)s::timestamptz - make_interval(mins => %(stall_minutes)s::int)
  and not exists (
      select 1
      from foreman.blockers as k
      where k.classification = 'builder_stall'
        and k.entity_type = 'task'
        and k.entity_id = b.current_task_id
        and k.resolved_at is null
  )
order by b.builder_id
