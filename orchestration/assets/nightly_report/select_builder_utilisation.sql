-- Builders, the stalled ones first, then the longest silent.
select builder_id, builder_state, is_stalled, current_task_name, last_heartbeat_at,
       minutes_since_last_heartbeat, stall_minutes, window_heartbeat_count, active_heartbeat_share,
       max_heartbeat_gap_minutes
from analytics.builder_utilisation
order by is_stalled desc, minutes_since_last_heartbeat desc nulls last, builder_id
