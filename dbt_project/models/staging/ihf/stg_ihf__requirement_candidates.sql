with

source as (

    select * from {{ source('ihf', 'requirement_candidates') }}

),

renamed as (

    select

        ---------- ids
        id as candidate_id,
        source_widget_id,
        source_thread_id,
        source_annotation_id,
        created_by,
        requirement_id,

        ---------- properties
        title,
        description,
        category,
        status,
        outcome_summary,

        ---------- timestamps
        created_at

    from source

)

select * from renamed
