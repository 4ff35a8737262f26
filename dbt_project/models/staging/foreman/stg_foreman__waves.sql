with

source as (

    select * from {{ source('foreman', 'waves') }}

),

renamed as (

    select

        ---------- ids
        wave_id,
        program_id,

        ---------- properties
        name as wave_name,
        sequence_number,
        dependencies,
        state,
        progress_percentage,

        ---------- timestamps
        created_at,
        updated_at

    from source

)

select * from renamed
