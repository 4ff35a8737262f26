-- An open insight this run no longer detects is resolved at as_of (unless a later
-- run already detected it again).
update learning_insights i
set status = 'resolved', resolved_at = %(as_of)s
where i.status = 'open'
  and i.last_detected_at <= %(as_of)s
  and not exists (
      select 1
      from detected_insights d
      where d.insight_type = i.insight_type and d.subject_key = i.subject_key
  )
