-- Patterns per tier in each domain's latest run, with the tier's patterns best first.
select domain, tier, pattern_count, insight_eligible_count, sample_size, success_count,
       tier_success_rate, pooled_success_rate, pattern_keys, window_end
from analytics.learning_dashboard_pattern_tiers
order by domain, tier_order
