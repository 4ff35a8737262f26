-- Open insights the run at as_of neither re-detected nor resolved (last detected before
-- as_of). A failure means reconciliation skipped rows: they would stay open forever.
select id::text, insight_type, subject_key
from learning_insights
where status = 'open' and last_detected_at < %(as_of)s
order by insight_type, subject_key
