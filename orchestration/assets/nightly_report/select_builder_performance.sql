select builder_id, backend_type, tasks_finished, tasks_succeeded, success_rate, qa_execution_count,
       qa_pass_rate, median_duration_minutes
from analytics.builder_performance
order by builder_id
