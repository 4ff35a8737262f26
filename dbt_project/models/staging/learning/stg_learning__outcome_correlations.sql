with

source as (

    select * from {{ source('learning', 'outcome_correlations') }}

),

renamed as (

    select

        ---------- ids
        id as outcome_correlation_id,
        annotation_id,
        deployment_id,
        decision_id,
        candidate_id,
        widget_id,
        hub_id,

        ---------- properties
        annotation_category,
        annotation_severity,
        signal_outcome,
        window_days,
        pre_annotations,
        post_annotations,
        pre_events,
        post_events,
        friction_rate_ratio,
        rate_ratio_ci_low,
        rate_ratio_ci_high,
        measured_effect,
        correlation_type,

        ---------- booleans
        regression_detected,

        ---------- timestamps
        as_of,
        computed_at

    from source

)

select * from renamed
