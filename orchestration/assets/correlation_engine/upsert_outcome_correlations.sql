-- Write computed_correlations into outcome_correlation_values, keyed on
-- (annotation_id, deployment_id): rows whose values did not change are left
-- untouched (ids and computed_at kept), so reruns give identical tables and a
-- new as_of rewrites only the rows it moved (the as_of is learning_runs').
INSERT INTO outcome_correlation_values AS oc (
    annotation_id, deployment_id, decision_id, candidate_id, widget_id, hub_id,
    annotation_category, annotation_severity, signal_outcome, window_days,
    pre_annotations, post_annotations, pre_events, post_events,
    friction_rate_ratio, rate_ratio_ci_low, rate_ratio_ci_high,
    measured_effect, regression_detected, correlation_type, computed_at
)
SELECT
    annotation_id, deployment_id, decision_id, candidate_id, widget_id, hub_id,
    annotation_category, annotation_severity, signal_outcome, window_days,
    pre_annotations, post_annotations, pre_events, post_events,
    friction_rate_ratio, rate_ratio_ci_low, rate_ratio_ci_high,
    measured_effect, regression_detected, correlation_type, now()
FROM computed_correlations
ON CONFLICT (annotation_id, deployment_id) DO UPDATE SET
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
    computed_at = excluded.computed_at
WHERE (oc.decision_id, oc.candidate_id, oc.widget_id,
       oc.hub_id, oc.annotation_category, oc.annotation_severity,
       oc.signal_outcome, oc.window_days, oc.pre_annotations,
       oc.post_annotations, oc.pre_events, oc.post_events,
       oc.friction_rate_ratio, oc.rate_ratio_ci_low,
       oc.rate_ratio_ci_high, oc.measured_effect,
       oc.regression_detected, oc.correlation_type)
   IS DISTINCT FROM
      (excluded.decision_id, excluded.candidate_id, excluded.widget_id, excluded.hub_id,
       excluded.annotation_category, excluded.annotation_severity, excluded.signal_outcome, excluded.window_days,
       excluded.pre_annotations, excluded.post_annotations, excluded.pre_events, excluded.post_events,
       excluded.friction_rate_ratio, excluded.rate_ratio_ci_low, excluded.rate_ratio_ci_high,
       excluded.measured_effect, excluded.regression_detected, excluded.correlation_type)
