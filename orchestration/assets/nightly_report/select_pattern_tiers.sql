-- Each domain's latest run: one point per pattern with its Wilson interval and tier.
select domain, pattern_key, sample_size, success_count, failure_count, success_rate,
       success_ci_low, success_ci_high, pooled_success_rate, tier, tier_changed, window_end
from analytics.pattern_performance
where is_latest_run
order by domain, success_rate desc nulls last, pattern_key
