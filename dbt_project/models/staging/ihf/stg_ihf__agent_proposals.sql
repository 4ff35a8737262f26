with

source as (

    select * from {{ source('ihf', 'agent_proposals') }}

),

renamed as (

    select

        ---------- ids
        id as proposal_id,
        source_widget_id,
        source_candidate_id,
        source_thread_id,
        source_decision_id,

        ---------- properties
        proposal_type,
        content,
        model_ref,
        confidence,
        status,

        ---------- timestamps
        created_at

    from source

)

select * from renamed
