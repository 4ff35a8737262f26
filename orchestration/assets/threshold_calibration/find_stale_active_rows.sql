-- Scopes whose active row is not their latest calibrated (non-insufficient) row,
-- or which have calibrated rows but no active one. A failure means a calibration
-- forgot to supersede or promote: readers would apply an outdated threshold.
with latest as (
    select distinct on (scope_hub_id) scope_hub_id, id
    from adaptive_threshold_configs
    where metric = 'friction_score' and status <> 'insufficient_data'
    order by scope_hub_id, as_of desc
)
select coalesce(l.scope_hub_id::text, 'global')
from latest l
left join adaptive_threshold_configs a
    on a.metric = 'friction_score' and a.status = 'active'
    and a.scope_hub_id is not distinct from l.scope_hub_id
where a.id is distinct from l.id
