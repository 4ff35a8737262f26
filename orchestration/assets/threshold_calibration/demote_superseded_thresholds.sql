-- An active row that is no longer its scope's latest calibrated row (by as_of)
-- becomes `superseded`. Runs before promote_latest_thresholds.sql, because the
-- one-active-row index is checked row by row.
update adaptive_threshold_configs
set status = 'superseded'
where metric = 'friction_score'
  and status = 'active'
  and id not in (
      select distinct on (coalesce(scope_hub_id, '00000000-0000-0000-0000-000000000000'::uuid)) id
      from adaptive_threshold_configs
      where metric = 'friction_score' and status <> 'insufficient_data'
      order by coalesce(scope_hub_id, '00000000-0000-0000-0000-000000000000'::uuid), as_of desc
  )
