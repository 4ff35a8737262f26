-- Learning dashboard, panel "pattern tiers": per domain and tier, the patterns of the
-- domain's latest run up to as_of (SPEC §7.2, §8); every tier is listed, empty ones with 0.
with

patterns as (

    select * from {{ ref('pattern_performance') }}
    where is_latest_run

),

tiers as (

    select tier, tier_order
    from (values ('outperforming', 1), ('typical', 2), ('underperforming', 3)) as t (tier, tier_order)

),

domains as (

    select domain, max(window_end) as window_end, max(pooled_success_rate) as pooled_success_rate
    from patterns
    group by domain

),

tier_patterns as (

    select
        domain,
        tier,
        count(*) as pattern_count,
        count(*) filter (where sample_size >= 10) as insight_eligible_count,
        sum(sample_size) as sample_size,
        sum(success_count) as success_count,
        jsonb_agg(pattern_key order by success_rate desc nulls last, pattern_key) as pattern_keys
    from patterns
    group by domain, tier

),

domain_tiers as (

    select
        domains.domain,
        tiers.tier,
        tiers.tier_order,
        coalesce(tier_patterns.pattern_count, 0) as pattern_count,
        coalesce(tier_patterns.insight_eligible_count, 0) as insight_eligible_count,
        coalesce(tier_patterns.sample_size, 0) as sample_size,
        coalesce(tier_patterns.success_count, 0) as success_count,
        tier_patterns.success_count::double precision / nullif(tier_patterns.sample_size, 0) as tier_success_rate,
        domains.pooled_success_rate,
        coalesce(tier_patterns.pattern_keys, '[]'::jsonb) as pattern_keys,
        domains.window_end,
        {{ as_of() }} as as_of
    from domains
    cross join tiers
    left join tier_patterns on tier_patterns.domain = domains.domain and tier_patterns.tier = tiers.tier

)

select * from domain_tiers
