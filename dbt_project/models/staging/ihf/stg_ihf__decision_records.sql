with

source as (

    select * from {{ source('ihf', 'decision_records') }}

),

renamed as (

    select

        ---------- ids
        id as decision_id,
        requirement_id,
        candidate_id,
        decided_by,

        ---------- properties
        title,
        rationale,
        outcome,
        notes,
        outcome_summary,

        ---------- timestamps
        decided_at,
        created_at

    from source

)

select * from renamed
