-- One hub's antifragility figures: friction now, what its deployments achieved, recurrence, insights.
select hub_slug, widget_count, flagged_widgets, hotspot_widgets, friction_threshold, deployment_count,
       improved_deployments, regressed_deployments, neutral_deployments, inconclusive_deployments,
       improvement_rate, regression_detected_deployments, pre_annotations, post_annotations,
       pooled_rate_ratio, reduced_friction_deployments, increased_friction_deployments,
       evaluated_deployments, mean_evaluation_score, recurring_widgets, max_cycle_count, open_insights,
       open_critical_insights
from analytics.antifragility_by_hub
where hub_id::text = %(hub_id)s::text
