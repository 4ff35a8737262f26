-- Per domain: records, units in samples, pooled success rate and tier counts
-- (materialization metadata).
SELECT
    domain,
    count(*) AS records,
    sum(sample_size) AS units,
    max(pooled_success_rate) AS pooled_success_rate,
    count(*) FILTER (WHERE tier = 'outperforming') AS outperforming,
    count(*) FILTER (WHERE tier = 'underperforming') AS underperforming
FROM computed_pattern_records
GROUP BY domain
ORDER BY domain
