with

source as (

    select * from {{ source('ihf', 'agent_review_records') }}

),

renamed as (

    select

        ---------- ids
        id as agent_review_id,
        proposal_id,
        reviewer_id,

        ---------- properties
        decision,
        notes,

        ---------- timestamps
        reviewed_at

    from source

)

select * from renamed
