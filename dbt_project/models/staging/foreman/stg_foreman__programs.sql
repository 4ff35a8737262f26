with

source as (

    select * from {{ source('foreman', 'programs') }}

),

renamed as (

    select

        ---------- ids
        program_id,
        created_by,
        organisation_id,

        ---------- properties
        name as program_name,
        description,
        objectives,
        state,
        progress_percentage,
        evidence_location,

        ---------- timestamps
        created_at,
        updated_at

    from source

)

select * from renamed
