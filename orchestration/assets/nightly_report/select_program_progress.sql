select program_name, program_state, progress_percentage, task_completion_percentage, task_count,
       tasks_completed, tasks_in_progress, blocked_task_count, open_blocker_count, created_at
from analytics.program_progress
order by program_name
