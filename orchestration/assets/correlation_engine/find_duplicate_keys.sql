-- (annotation_id, deployment_id) pairs that occur more than once, with their count.
SELECT annotation_id, deployment_id, count(*) AS copies
FROM outcome_correlations
GROUP BY annotation_id, deployment_id
HAVING count(*) > 1
ORDER BY annotation_id, deployment_id
