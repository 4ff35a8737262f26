-- Records whose success_rate is not within [success_ci_low, success_ci_high]
-- (1e-12 slack for float rounding), or whose rate and bounds disagree on being
-- NULL (they are NULL exactly when the sample is 0): the Wilson arithmetic is wrong.
SELECT domain, pattern_key, window_end
FROM pattern_performance_records
WHERE (sample_size = 0) <> (success_rate IS NULL)
   OR (sample_size = 0) <> (success_ci_low IS NULL)
   OR (sample_size = 0) <> (success_ci_high IS NULL)
   OR success_ci_low > success_rate + 1e-12
   OR success_rate > success_ci_high + 1e-12
   OR success_ci_low < -1e-12
   OR success_ci_high > 1 + 1e-12
ORDER BY domain, pattern_key, window_end
