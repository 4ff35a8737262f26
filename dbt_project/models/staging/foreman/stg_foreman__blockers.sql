with

source as (

    select * from {{ source('foreman', 'blockers') }}

),

renamed as (

    select

        ---------- ids
        blocker_id,
        entity_id,

        ---------- properties
        entity_type,
        classification,
        description,
        resolution_action,

        ---------- timestamps
        detected_at,
        resolved_at

    from source

)

select * from renamed
