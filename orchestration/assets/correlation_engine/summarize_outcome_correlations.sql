-- Row counts per correlation_type of the whole table after this run (materialization metadata).
SELECT correlation_type, count(*) AS rows
FROM outcome_correlation_values
GROUP BY correlation_type
ORDER BY correlation_type
