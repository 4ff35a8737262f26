-- Row counts per correlation_type of this run (materialization metadata).
SELECT correlation_type, count(*) AS rows
FROM computed_correlations
GROUP BY correlation_type
ORDER BY correlation_type
