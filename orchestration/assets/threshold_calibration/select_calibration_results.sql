-- This run's result per scope, global first.
select scope_hub_id::text, threshold, status, sample_size, positives, previous_threshold
from calibration_results
order by scope_hub_id nulls first
