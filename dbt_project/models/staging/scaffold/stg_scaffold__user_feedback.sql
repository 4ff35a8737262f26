with

source as (

    select * from {{ source('scaffold', 'user_feedback') }}

),

renamed as (

    select

        ---------- ids
        id as feedback_id,
        project_outcome_id,

        ---------- properties
        overall_satisfaction,
        pattern_usefulness,
        code_quality,
        documentation_clarity,
        setup_ease,
        positive_aspects,
        negative_aspects,
        additional_comments,
        likelihood_to_reuse,
        feature_requests,
        time_to_first_build as time_to_first_build_seconds,
        error_details,
        feedback_source,

        ---------- booleans
        would_recommend,
        encountered_errors,

        ---------- timestamps
        submitted_at

    from source

)

select * from renamed
