-- Write computed_correlations into outcome_correlations, keyed on
-- (annotation_id, deployment_id): a rerun for the same as_of leaves unchanged
-- rows untouched (ids and computed_at kept), so reruns give identical tables.
INSERT INTO outcome_correlations (
    annotation_id, deployment_id, decision_id, candidate_id, widget_id, hub_id,
    annotation_category, annotation_severity, signal_outcome, window_days,
    pre_annotations, post_annotations, pre_events, post_events,
    friction_rate_ratio, rate_ratio_ci_low, rate_ratio_ci_high,
    measured_effect, regression_detected, correlation_type, as_of, computed_at
)
SELECT
    annotation_id, deployment_id, decision_id, candidate_id, widget_id, hub_id,
    annotation_category, annotation_severity, signal_outcome, window_days,
    pre_annotations, post_annotations, pre_events, post_events,
    friction_rate_ratio, rate_ratio_ci_low, rate_ratio_ci_high,
    measured_effect, regression_detected, correlation_type, as_of, now()
FROM computed_correlations
ON CONFLICT ON CONSTRAINT outcome_correlations_annotation_id_deployment_id_key DO UPDATE SET
    decision_id = excluded.decision_id,
    candidate_id = excluded.candidate_id,
    widget_id = excluded.widget_id,
    hub_id = excluded.hub_id,
    annotation_category = excluded.annotation_category,
    annotation_severity = excluded.annotation_severity,
    signal_outcome = excluded.signal_outcome,
    window_days = excluded.window_days,
    pre_annotations = excluded.pre_annotations,
    post_annotations = excluded.post_annotations,
    pre_events = excluded.pre_events,
    post_events = excluded.post_events,
    friction_rate_ratio = excluded.friction_rate_ratio,
    rate_ratio_ci_low = excluded.rate_ratio_ci_low,
    rate_ratio_ci_high = excluded.rate_ratio_ci_high,
    measured_effect = excluded.measured_effect,
    regression_detected = excluded.regression_detected,
    correlation_type = excluded.correlation_type,
    as_of = excluded.as_of,
    computed_at = excluded.computed_at
WHERE (outcome_correlations.decision_id, outcome_correlations.candidate_id, outcome_correlations.widget_id,
       outcome_correlations.hub_id, outcome_correlations.annotation_category, outcome_correlations.annotation_severity,
       outcome_correlations.signal_outcome, outcome_correlations.window_days, outcome_correlations.pre_annotations,
       outcome_correlations.post_annotations, outcome_correlations.pre_events, outcome_correlations.post_events,
       outcome_correlations.friction_rate_ratio, outcome_correlations.rate_ratio_ci_low,
       outcome_correlations.rate_ratio_ci_high, outcome_correlations.measured_effect,
       outcome_correlations.regression_detected, outcome_correlations.correlation_type, outcome_correlations.as_of)
   IS DISTINCT FROM
      (excluded.decision_id, excluded.candidate_id, excluded.widget_id, excluded.hub_id,
       excluded.annotation_category, excluded.annotation_severity, excluded.signal_outcome, excluded.window_days,
       excluded.pre_annotations, excluded.post_annotations, excluded.pre_events, excluded.post_events,
       excluded.friction_rate_ratio, excluded.rate_ratio_ci_low, excluded.rate_ratio_ci_high,
       excluded.measured_effect, excluded.regression_detected, excluded.correlation_type, excluded.as_of)
