-- Widgets that keep coming back through the loop, most cycles first; optionally one hub's.
select leaderboard_position, widget_name, widget_type, hub_slug, cycle_count, cycles_last_180_days,
       improved_cycles, regressed_cycles, candidate_count, open_candidate_count, last_deployed_at
from analytics.recurrence_leaderboard
where %(hub_id)s::text is null or hub_id::text = %(hub_id)s::text
order by leaderboard_position
