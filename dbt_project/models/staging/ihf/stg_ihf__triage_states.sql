with

source as (

    select * from {{ source('ihf', 'triage_states') }}

),

renamed as (

    select

        ---------- ids
        id as triage_state_id,
        candidate_id,
        changed_by,

        ---------- properties
        status,
        notes,

        ---------- timestamps
        changed_at

    from source

)

select * from renamed
