with

source as (

    select * from {{ source('ihf', 'policy_references') }}

),

renamed as (

    select

        ---------- ids
        id as policy_reference_id,
        decision_id,
        created_by,

        ---------- properties
        policy_scope,
        constraint_note,

        ---------- timestamps
        created_at

    from source

)

select * from renamed
