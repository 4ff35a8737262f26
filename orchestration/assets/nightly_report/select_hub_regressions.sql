-- One hub's deployments that regressed: a regressed outcome or a regression after improvement.
select deployed_at, widget_type, candidate_category, version_ref, deployment_outcome,
       regression_detected, signal_count, evaluation_score, friction_rate_ratio, measured_effect
from analytics.deployment_impact
where hub_id::text = %(hub_id)s::text
  and (deployment_outcome = 'regressed' or regression_detected)
order by deployed_at desc, deployment_id
