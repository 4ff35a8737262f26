with

source as (

    select * from {{ source('ihf', 'requirements') }}

),

renamed as (

    select

        ---------- ids
        id as requirement_id,
        source_candidate_id,
        created_by,

        ---------- properties
        title,
        description,
        status,

        ---------- timestamps
        created_at

    from source

)

select * from renamed
