-- Records whose counts disagree: sample_size must be success + failure + neutral,
-- success_rate = success / sample and failure_rate = failure / sample (1e-12 slack).
SELECT domain, pattern_key, window_end
FROM pattern_performance_records
WHERE sample_size <> success_count + failure_count + neutral_count
   OR abs(success_rate - success_count::float8 / nullif(sample_size, 0)) > 1e-12
   OR abs(failure_rate - failure_count::float8 / nullif(sample_size, 0)) > 1e-12
   OR (domain = 'foreman' AND neutral_count + inconclusive_count > 0)
ORDER BY domain, pattern_key, window_end
