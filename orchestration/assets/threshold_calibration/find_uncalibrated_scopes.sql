-- Scopes (global = NULL, every hub existing at as_of) without a calibration row at as_of.
-- A failure means the calibration skipped a scope it owes a row.
select s.hub_id::text
from (
    select null::uuid as hub_id
    union all
    select id from hubs where created_at <= %(as_of)s
) s
where not exists (
    select 1
    from adaptive_threshold_configs c
    where c.metric = 'friction_score'
      and c.as_of = %(as_of)s
      and c.scope_hub_id is not distinct from s.hub_id
)
