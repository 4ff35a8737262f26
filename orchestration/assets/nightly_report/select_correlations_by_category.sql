-- One row per annotation category: how the changes its annotations led to turned out.
select annotation_category, correlation_count, deployment_count, positive_count, negative_count,
       neutral_count, inconclusive_count, positive_share, negative_share, reduced_deployments,
       increased_deployments, unchanged_deployments, insufficient_deployments, geomean_rate_ratio,
       regression_deployments, correlations_as_of
from analytics.learning_dashboard_correlations_by_category
order by correlation_count desc, annotation_category
