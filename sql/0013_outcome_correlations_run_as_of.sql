-- The as_of of outcome_correlations becomes a property of the run (issue #11).
--
-- SPEC §7.1 stores as_of on every row, so each nightly run rewrote all of
-- them (402k rows, ~20 s at `large`) although a new day changes only the
-- rows of a few deployments. The values now live in
-- outcome_correlation_values, and the run's as_of and window in
-- learning_runs; the view outcome_correlations joins them back into the
-- table of SPEC §8, so readers see exactly what they saw before. The view
-- is auto-updatable (one base table; as_of, a scalar subquery, is its only
-- read-only column).

SET LOCAL search_path = public;

-- One row per incrementally maintained asset: the as_of and window its table
-- was last computed for. An incremental run starts from here.
CREATE TABLE learning_runs (
    asset_name TEXT PRIMARY KEY,
    as_of TIMESTAMPTZ NOT NULL,
    window_days INTEGER CHECK (window_days >= 1), -- NULL: unknown, the next run recomputes everything
    completed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

COMMENT ON TABLE learning_runs IS
    'The as_of (and window W) each incrementally maintained learning table was last computed for.';

ALTER TABLE outcome_correlations RENAME TO outcome_correlation_values;
ALTER TABLE outcome_correlation_values
    RENAME CONSTRAINT outcome_correlations_annotation_id_deployment_id_key
    TO outcome_correlation_values_annotation_id_deployment_id_key;

-- Rows computed before this migration carry one as_of; W was not recorded.
INSERT INTO learning_runs (asset_name, as_of, window_days, completed_at)
SELECT 'outcome_correlations', max(as_of), NULL, max(computed_at)
FROM outcome_correlation_values
HAVING count(*) > 0;

ALTER TABLE outcome_correlation_values DROP COLUMN as_of;

COMMENT ON TABLE outcome_correlation_values IS
    'Values of outcome_correlations (SPEC §7.1) for the as_of in learning_runs; read them through the view.';
COMMENT ON COLUMN outcome_correlation_values.computed_at IS
    'When this row''s values were last written (unchanged rows keep theirs).';

CREATE VIEW outcome_correlations AS
SELECT
    v.id, v.annotation_id, v.deployment_id, v.decision_id, v.candidate_id, v.widget_id, v.hub_id,
    v.annotation_category, v.annotation_severity, v.signal_outcome, v.window_days,
    v.pre_annotations, v.post_annotations, v.pre_events, v.post_events,
    v.friction_rate_ratio, v.rate_ratio_ci_low, v.rate_ratio_ci_high,
    v.measured_effect, v.regression_detected, v.correlation_type,
    (SELECT r.as_of FROM learning_runs AS r WHERE r.asset_name = 'outcome_correlations') AS as_of,
    v.computed_at
FROM outcome_correlation_values AS v;

COMMENT ON VIEW outcome_correlations IS
    'SPEC §7.1: one row per (source annotation, deployment) at as_of; as_of is the run''s (learning_runs).';
