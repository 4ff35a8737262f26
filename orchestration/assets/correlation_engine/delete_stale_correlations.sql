-- outcome_correlations holds the latest computation only: drop every row of
-- this run's deployments (affected_deployments) that the computation for this
-- as_of no longer produces (reads computed_correlations).
DELETE FROM outcome_correlation_values AS oc
WHERE oc.deployment_id IN (SELECT deployment_id FROM affected_deployments)
  AND NOT EXISTS (
      SELECT 1
      FROM computed_correlations AS c
      WHERE c.annotation_id = oc.annotation_id
        AND c.deployment_id = oc.deployment_id
  )
