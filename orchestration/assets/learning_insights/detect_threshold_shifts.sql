-- `threshold_shift`: a scope whose calibration row in force moved the threshold by at
-- a fifth of the previous one, |threshold − previous| ≥ 0.2 × previous (inclusive;
-- compared as numeric so exactly a fifth counts). subject = the hub id, or 'global'.
insert into detected_insights (insight_type, subject_type, subject_key, hub_id, severity, title, detail)
select
    'threshold_shift',
    case when t.scope_hub_id is null then 'global' else 'hub' end,
    coalesce(t.scope_hub_id::text, 'global'),
    t.scope_hub_id,
    'info',
    'Friction threshold of ' || coalesce('hub ' || h.slug, 'the global scope')
        || ' moved from ' || t.previous_threshold || ' to ' || t.threshold,
    jsonb_build_object(
        'threshold_config_id', t.id, 'threshold', t.threshold, 'previous_threshold', t.previous_threshold,
        'relative_change', (t.threshold - t.previous_threshold) / nullif(t.previous_threshold, 0),
        'precision', t.precision, 'recall', t.recall, 'f1', t.f1,
        'sample_size', t.sample_size, 'positives', t.positives, 'calibrated_as_of', t.calibrated_as_of
    )
from thresholds_in_force t
left join hubs h on h.id = t.scope_hub_id
where abs(t.threshold::numeric - t.previous_threshold::numeric)
      >= %(min_threshold_shift)s::numeric * t.previous_threshold::numeric
