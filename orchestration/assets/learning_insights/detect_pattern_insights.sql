-- `pattern_outperforming` / `pattern_underperforming`: records of this as_of
-- (window_end = as_of) with that tier and sample_size ≥ 10. subject_key is the
-- pattern_key, which already carries the domain prefix ('ihf:friction/button'),
-- i.e. it is the `<domain>:<pattern_key>` of SPEC §7.7 without repeating the domain.
insert into detected_insights (insight_type, subject_type, subject_key, hub_id, severity, title, detail)
with

domain_rates as (
    select domain, sum(success_count)::double precision / nullif(sum(sample_size), 0) as pooled_success_rate
    from pattern_performance_records
    where window_end = %(as_of)s
    group by domain
)

select
    'pattern_' || p.tier, 'pattern', p.pattern_key, null::uuid, 'info',
    'Pattern ' || p.pattern_key
        || case p.tier when 'outperforming' then ' outperforms' else ' underperforms' end
        || ' its domain: success rate ' || round(p.success_rate::numeric, 3)
        || ' over ' || p.sample_size || ' units',
    jsonb_build_object(
        'domain', p.domain, 'pattern_key', p.pattern_key, 'tier', p.tier, 'sample_size', p.sample_size,
        'success_rate', p.success_rate, 'success_ci_low', p.success_ci_low, 'success_ci_high', p.success_ci_high,
        'domain_success_rate', r.pooled_success_rate, 'failure_rate', p.failure_rate, 'avg_score', p.avg_score,
        'window_start', p.window_start, 'window_end', p.window_end
    )
from pattern_performance_records p
join domain_rates r on r.domain = p.domain
where p.window_end = %(as_of)s
  and p.tier in ('outperforming', 'underperforming')
  and p.sample_size >= %(min_pattern_sample)s
