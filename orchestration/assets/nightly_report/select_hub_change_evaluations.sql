-- One hub's deployments with a change evaluation (1-5), newest first.
select deployed_at, widget_type, candidate_category, version_ref, evaluation_score,
       deployment_outcome, impact_type
from analytics.deployment_impact
where hub_id::text = %(hub_id)s::text and evaluation_score is not null
order by deployed_at desc, deployment_id
