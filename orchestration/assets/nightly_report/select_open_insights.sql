-- Insights open at the marts' as_of, most severe and oldest first; optionally one hub's.
select severity, insight_type, hub_slug, subject_type, subject_key, title, first_detected_at,
       last_detected_at, days_open
from analytics.learning_dashboard_open_insights
where %(hub_id)s::text is null or hub_id::text = %(hub_id)s::text
order by severity_rank, first_detected_at, insight_type, subject_key
