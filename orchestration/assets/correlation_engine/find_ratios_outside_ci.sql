-- Rows whose friction_rate_ratio lies outside [rate_ratio_ci_low, rate_ratio_ci_high]
-- (or whose bounds are missing / not finite): the ratio or CI arithmetic is wrong.
SELECT annotation_id, deployment_id
FROM outcome_correlations
WHERE NOT (rate_ratio_ci_low <= friction_rate_ratio AND friction_rate_ratio <= rate_ratio_ci_high)
   OR rate_ratio_ci_low IS NULL
   OR rate_ratio_ci_high = 'Infinity'::float8
ORDER BY annotation_id, deployment_id
