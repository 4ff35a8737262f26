-- Each scope's latest calibrated row (by as_of) is its `active` row: a new
-- calibration takes over, and a rerun that no longer calibrates restores the
-- row it had superseded.
update adaptive_threshold_configs
set status = 'active'
where status = 'superseded'
  and id in (
      select distinct on (coalesce(scope_hub_id, '00000000-0000-0000-0000-000000000000'::uuid)) id
      from adaptive_threshold_configs
      where metric = 'friction_score' and status <> 'insufficient_data'
      order by coalesce(scope_hub_id, '00000000-0000-0000-0000-000000000000'::uuid), as_of desc
  )
