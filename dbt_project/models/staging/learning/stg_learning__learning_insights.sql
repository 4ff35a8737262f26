with

source as (

    select * from {{ source('learning', 'learning_insights') }}

),

renamed as (

    select

        ---------- ids
        id as insight_id,
        hub_id,

        ---------- properties
        insight_type,
        subject_type,
        subject_key,
        severity,
        title,
        detail,
        status,

        ---------- booleans
        status = 'open' as is_open,

        ---------- timestamps
        first_detected_at,
        last_detected_at,
        resolved_at

    from source

)

select * from renamed
