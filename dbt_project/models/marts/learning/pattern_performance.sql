{#-
    Pattern performance across ihf, foreman and scaffold (SPEC §7.2): every
    record computed for an as_of up to the run's as_of (the history), the
    pattern's parts unpacked from attributes, the domain's pooled rate of that
    run, and the change since the pattern's previous record. `is_latest` marks
    each pattern's latest window_end.
-#}
with

records as (

    select * from {{ ref('stg_learning__pattern_performance_records') }}
    where window_end <= {{ as_of() }}

),

with_context as (

    select
        records.*,
        (sum(success_count) over domain_run)::float8
            / nullif(sum(sample_size) over domain_run, 0) as pooled_success_rate,
        lag(success_rate) over pattern_history as previous_success_rate,
        lag(tier) over pattern_history as previous_tier,
        lag(window_end) over pattern_history as previous_window_end,
        window_end = max(window_end) over (partition by domain, pattern_key) as is_latest,
        window_end = max(window_end) over (partition by domain) as is_latest_run
    from records
    window
        domain_run as (partition by domain, window_end),
        pattern_history as (partition by domain, pattern_key order by window_end)

),

pattern_performance as (

    select
        pattern_performance_record_id,
        domain,
        pattern_key,
        attributes ->> 'category' as ihf_category,
        attributes ->> 'widget_type' as ihf_widget_type,
        attributes ->> 'builder' as foreman_builder,
        attributes ->> 'backend_type' as foreman_backend_type,
        attributes ->> 'pattern_id' as scaffold_pattern_id,
        attributes ->> 'pattern_name' as scaffold_pattern_name,
        window_start,
        window_end,
        sample_size,
        success_count,
        failure_count,
        neutral_count,
        inconclusive_count,
        success_rate,
        success_ci_low,
        success_ci_high,
        failure_rate,
        avg_score,
        pooled_success_rate,
        tier,
        previous_window_end,
        previous_success_rate,
        success_rate - previous_success_rate as success_rate_change,
        previous_tier,
        previous_tier is not null and previous_tier <> tier as tier_changed,
        is_latest,
        is_latest_run,
        computed_at
    from with_context

)

select * from pattern_performance
