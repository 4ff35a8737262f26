-- Tasks by QA health, the least healthy first.
select qa_health_status, task_name, assigned_builder, task_state, execution_count,
       latest_qa_status, latest_pass_rate, cumulative_pass_rate, test_debt_count, latest_executed_at
from analytics.qa_health
order by array_position(array['failing', 'partial', 'green_with_debt', 'untested', 'green'], qa_health_status),
         latest_pass_rate nulls last, task_name, task_id
