-- The outcome_correlations rows for as_of (SPEC §7.1, §10): one per (source
-- annotation a in A(C), deployment d of C), from deployment_windows.
--
-- A(C) is point-in-time: annotations created <= as_of and not retracted at
-- as_of. The annotation counts of a row are those of a's category on d's
-- widget, so they are counted once per (deployment, category), not per row.
-- Unknown severities are stored as 'medium' (SPEC §4).
-- Parameters: as_of (timestamptz), bound directly so the planner sees its value;
-- all_deployments (boolean): the run is a full one.
CREATE TEMP TABLE computed_correlations ON COMMIT DROP AS
WITH
source_annotations AS (
    SELECT
        dw.*,
        a.id AS annotation_id,
        a.category AS annotation_category,
        CASE WHEN a.severity IN ('low', 'medium', 'high', 'critical') THEN a.severity ELSE 'medium' END
            AS annotation_severity
    FROM deployment_windows AS dw
    JOIN candidate_source_annotations AS csa ON csa.candidate_id = dw.candidate_id
    JOIN annotations AS a ON a.id = csa.annotation_id
    -- An incremental run's few candidates as an array, not a join: the planner pushes it
    -- into both branches of the view's UNION (index probes per candidate) instead of
    -- building A(C) for every candidate (5.0 s -> 1.3 s at `large`). A full run needs
    -- them all, which the join does faster (the constant folds the condition away).
    WHERE (%(all_deployments)s::boolean
           OR csa.candidate_id = ANY (ARRAY(SELECT DISTINCT candidate_id FROM deployment_windows)))
      AND a.created_at <= %(as_of)s::timestamptz
      AND (a.retracted_at IS NULL OR a.retracted_at > %(as_of)s::timestamptz)
),

deployment_categories AS (
    SELECT DISTINCT deployment_id, widget_id, deployed_at, pre_start, post_end, annotation_category
    FROM source_annotations
),

category_counts AS (
    SELECT
        dc.deployment_id,
        dc.annotation_category,
        count(a.id) FILTER (WHERE a.created_at < dc.deployed_at)::int AS pre_annotations,
        count(a.id) FILTER (WHERE a.created_at >= dc.deployed_at)::int AS post_annotations
    FROM deployment_categories AS dc
    LEFT JOIN annotations AS a
      ON a.widget_id = dc.widget_id
     AND a.created_at >= dc.pre_start
     AND a.created_at < dc.post_end
     AND a.created_at <= %(as_of)s::timestamptz
     AND a.category = dc.annotation_category
     AND (a.retracted_at IS NULL OR a.retracted_at > %(as_of)s::timestamptz)
    GROUP BY dc.deployment_id, dc.annotation_category
),

ratios AS (
    SELECT
        sa.*,
        cc.pre_annotations,
        cc.post_annotations,
        -- smoothed rate ratio post/pre and its log-normal 95 per cent CI (orchestration.lib.stats)
        ((cc.post_annotations + 0.5::float8) / (sa.post_events + 0.5::float8))
            / ((cc.pre_annotations + 0.5::float8) / (sa.pre_events + 0.5::float8)) AS friction_rate_ratio,
        1.96 * sqrt(1 / (cc.post_annotations + 0.5::float8) + 1 / (cc.pre_annotations + 0.5::float8))
            AS log_ratio_half_width
    FROM source_annotations AS sa
    JOIN category_counts AS cc
      ON cc.deployment_id = sa.deployment_id
     AND cc.annotation_category = sa.annotation_category
),

effects AS (
    SELECT
        r.*,
        exp(ln(r.friction_rate_ratio) - r.log_ratio_half_width) AS rate_ratio_ci_low,
        exp(ln(r.friction_rate_ratio) + r.log_ratio_half_width) AS rate_ratio_ci_high,
        CASE
            WHEN r.window_days < 7 OR r.pre_annotations + r.post_annotations < 5 THEN 'insufficient'
            WHEN exp(ln(r.friction_rate_ratio) + r.log_ratio_half_width) < 1 THEN 'reduced'
            WHEN exp(ln(r.friction_rate_ratio) - r.log_ratio_half_width) > 1 THEN 'increased'
            ELSE 'unchanged'
        END AS measured_effect
    FROM ratios AS r
)

SELECT
    e.annotation_id, e.deployment_id, e.decision_id, e.candidate_id, e.widget_id, e.hub_id,
    e.annotation_category, e.annotation_severity, e.signal_outcome,
    e.window_days::float8 AS window_days,
    e.pre_annotations, e.post_annotations, e.pre_events, e.post_events,
    e.friction_rate_ratio, e.rate_ratio_ci_low, e.rate_ratio_ci_high,
    e.measured_effect, e.regression_detected,
    -- first rule that applies (SPEC §7.1)
    CASE
        WHEN e.signal_outcome = 'regressed' OR e.regression_detected THEN 'negative'
        WHEN e.signal_outcome = 'improved' THEN 'positive'
        WHEN e.signal_outcome = 'neutral' THEN 'neutral'
        WHEN e.measured_effect = 'reduced' THEN 'positive'
        WHEN e.measured_effect = 'increased' THEN 'negative'
        WHEN e.measured_effect = 'unchanged' THEN 'neutral'
        ELSE 'inconclusive'
    END AS correlation_type
FROM effects AS e
