-- Deployments with a pre/post comparison, by candidate category: the rate ratio and its interval.
select candidate_category, deployed_at, widget_type, version_ref, deployment_outcome,
       pre_annotations, post_annotations, pre_events, post_events, friction_rate_ratio,
       rate_ratio_ci_low, rate_ratio_ci_high, measured_effect, impact_type
from analytics.deployment_impact
where friction_rate_ratio is not null
  and (%(hub_id)s::text is null or hub_id::text = %(hub_id)s::text)
order by candidate_category, deployed_at, deployment_id
