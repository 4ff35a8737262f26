-- Write this as_of's calibration rows (one per scope). A sufficient row lands as
-- `superseded` and is promoted by promote_latest_thresholds.sql, so at most one
-- row per scope is ever active. Rerunning an as_of rewrites only that as_of's
-- rows, and leaves a row whose values did not change untouched (same id and
-- calibrated_at): history is never rewritten.
insert into adaptive_threshold_configs as t (
    scope_hub_id, metric, threshold, weights, precision, recall, f1,
    sample_size, positives, status, previous_threshold, as_of
)
select
    scope_hub_id, 'friction_score', threshold, %(weights)s, precision, recall, f1,
    sample_size, positives,
    case status when 'active' then 'superseded' else status end,
    previous_threshold, %(as_of)s
from calibration_results
on conflict ((coalesce(scope_hub_id, '00000000-0000-0000-0000-000000000000'::uuid)), metric, as_of)
do update set
    threshold = excluded.threshold,
    weights = excluded.weights,
    precision = excluded.precision,
    recall = excluded.recall,
    f1 = excluded.f1,
    sample_size = excluded.sample_size,
    positives = excluded.positives,
    status = case
        when excluded.status = 'insufficient_data' then 'insufficient_data'
        when t.status = 'insufficient_data' then 'superseded'
        else t.status
    end,
    previous_threshold = excluded.previous_threshold,
    calibrated_at = excluded.calibrated_at
where (t.threshold, t.weights, t.precision, t.recall, t.f1, t.sample_size, t.positives,
       t.status = 'insufficient_data', t.previous_threshold)
    is distinct from
      (excluded.threshold, excluded.weights, excluded.precision, excluded.recall, excluded.f1,
       excluded.sample_size, excluded.positives, excluded.status = 'insufficient_data',
       excluded.previous_threshold)
