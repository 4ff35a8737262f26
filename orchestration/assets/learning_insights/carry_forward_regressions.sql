-- Incremental runs: a regression the previous run detected (last_detected_at = since) on
-- a deployment the new day cannot change is detected again, title and detail unchanged.
insert into detected_insights (insight_type, subject_type, subject_key, hub_id, severity, title, detail)
select i.insight_type, i.subject_type, i.subject_key, i.hub_id, i.severity, i.title, i.detail
from learning_insights i
where i.insight_type = 'regression'
  and i.status = 'open'
  and i.last_detected_at = %(since)s
  and not exists (select 1 from changed_deployments c where c.deployment_id::text = i.subject_key)
