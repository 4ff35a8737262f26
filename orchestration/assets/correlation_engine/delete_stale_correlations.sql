-- outcome_correlations holds the latest computation only: drop every row the
-- computation for this as_of no longer produces (reads computed_correlations).
DELETE FROM outcome_correlations AS oc
WHERE NOT EXISTS (
    SELECT 1
    FROM computed_correlations AS c
    WHERE c.annotation_id = oc.annotation_id
      AND c.deployment_id = oc.deployment_id
)
