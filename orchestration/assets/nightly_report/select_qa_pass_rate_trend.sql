-- The weekly trend; nothing while no QA suite has ever run (the mart has a row per week regardless).
select week_start, is_complete_week, execution_count, tasks_executed, green_execution_rate,
       test_pass_rate, test_pass_rate_change
from analytics.qa_pass_rate_trend
where exists (select 1 from analytics.qa_pass_rate_trend where execution_count > 0)
order by week_start
