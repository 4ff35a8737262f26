with

source as (

    select * from {{ source('ihf', 'reviewer_assignments') }}

),

renamed as (

    select

        ---------- ids
        id as reviewer_assignment_id,
        candidate_id,
        user_id,
        assigned_by,

        ---------- timestamps
        assigned_at

    from source

)

select * from renamed
