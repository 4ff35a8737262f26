-- Write computed_pattern_records, keyed on (domain, pattern_key, window_end):
-- a rerun for the same as_of never duplicates them and leaves unchanged records
-- untouched (computed_at kept), so reruns give identical tables.
INSERT INTO pattern_performance_records (
    domain, pattern_key, attributes, window_start, window_end,
    sample_size, success_count, failure_count, neutral_count, inconclusive_count,
    success_rate, success_ci_low, success_ci_high, failure_rate, avg_score, tier, computed_at
)
SELECT
    domain, pattern_key, attributes, window_start, window_end,
    sample_size, success_count, failure_count, neutral_count, inconclusive_count,
    success_rate, success_ci_low, success_ci_high, failure_rate, avg_score, tier, now()
FROM computed_pattern_records
ON CONFLICT ON CONSTRAINT pattern_performance_records_domain_pattern_key_window_end_key DO UPDATE SET
    attributes = excluded.attributes,
    window_start = excluded.window_start,
    sample_size = excluded.sample_size,
    success_count = excluded.success_count,
    failure_count = excluded.failure_count,
    neutral_count = excluded.neutral_count,
    inconclusive_count = excluded.inconclusive_count,
    success_rate = excluded.success_rate,
    success_ci_low = excluded.success_ci_low,
    success_ci_high = excluded.success_ci_high,
    failure_rate = excluded.failure_rate,
    avg_score = excluded.avg_score,
    tier = excluded.tier,
    computed_at = excluded.computed_at
WHERE (pattern_performance_records.attributes, pattern_performance_records.window_start,
       pattern_performance_records.sample_size, pattern_performance_records.success_count,
       pattern_performance_records.failure_count, pattern_performance_records.neutral_count,
       pattern_performance_records.inconclusive_count, pattern_performance_records.success_rate,
       pattern_performance_records.success_ci_low, pattern_performance_records.success_ci_high,
       pattern_performance_records.failure_rate, pattern_performance_records.avg_score, pattern_performance_records.tier)
   IS DISTINCT FROM
      (excluded.attributes, excluded.window_start, excluded.sample_size, excluded.success_count,
       excluded.failure_count, excluded.neutral_count, excluded.inconclusive_count, excluded.success_rate,
       excluded.success_ci_low, excluded.success_ci_high, excluded.failure_rate, excluded.avg_score, excluded.tier)
