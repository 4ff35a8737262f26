-- One row per (insight_type, subject_key). A detected insight is inserted open with
-- first_detected_at = last_detected_at = as_of; a known one is refreshed (last_detected_at,
-- title, detail) and reopened if it had been resolved. A run for an as_of older than the
-- row's last detection or resolution leaves it alone, so a backfill never rolls it back.
insert into learning_insights as i (
    insight_type, subject_type, subject_key, hub_id, severity, title, detail,
    status, first_detected_at, last_detected_at, resolved_at
)
select
    insight_type, subject_type, subject_key, hub_id, severity, title, detail,
    'open', %(as_of)s, %(as_of)s, null
from detected_insights
on conflict (insight_type, subject_key) do update set
    subject_type = excluded.subject_type,
    hub_id = excluded.hub_id,
    severity = excluded.severity,
    title = excluded.title,
    detail = excluded.detail,
    status = 'open',
    last_detected_at = excluded.last_detected_at,
    resolved_at = null
where excluded.last_detected_at >= greatest(i.last_detected_at, i.resolved_at)
