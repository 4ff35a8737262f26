-- The deployments whose outcome_correlations rows this run recomputes.
--
-- Incremental run (since = the as_of of the previous run, W unchanged): the
-- deployments the time since then can change (the rules are in
-- sql/0014_deployments_changed_between.sql).
-- Full run (since NULL): every deployment deployed <= as_of, and every
-- deployment that still has rows (so rows no longer produced, e.g. after a
-- rerun for an earlier as_of, are deleted).
-- Parameters: as_of, since (timestamptz or NULL), window_days (W).
CREATE TEMP TABLE affected_deployments ON COMMIT DROP AS
SELECT changed.deployment_id
FROM deployments_changed_between(%(since)s::timestamptz, %(as_of)s::timestamptz, %(window_days)s::int) AS changed
UNION
SELECT v.deployment_id
FROM outcome_correlation_values AS v
WHERE %(since)s::timestamptz IS NULL
