-- The calibration row in force at as_of per scope (NULL = global): its latest
-- calibrated (active or superseded) row with as_of ≤ as_of. In a forward run
-- this is the scope's active row; for an older as_of it is the row that was
-- active then (point-in-time, SPEC §10).
create temp table thresholds_in_force on commit drop as
select distinct on (scope_hub_id)
    id, scope_hub_id, threshold, previous_threshold, precision, recall, f1, sample_size, positives,
    as_of as calibrated_as_of
from adaptive_threshold_configs
where metric = 'friction_score' and status <> 'insufficient_data' and as_of <= %(as_of)s
order by scope_hub_id, as_of desc
