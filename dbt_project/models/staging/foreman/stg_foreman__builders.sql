with

source as (

    select * from {{ source('foreman', 'builders') }}

),

renamed as (

    select

        ---------- ids
        builder_id,
        current_task_id,

        ---------- properties
        backend_type,
        state,
        provenance,

        ---------- timestamps
        last_heartbeat as last_heartbeat_at,
        created_at,
        updated_at

    from source

)

select * from renamed
