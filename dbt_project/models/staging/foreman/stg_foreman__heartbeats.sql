with

source as (

    select * from {{ source('foreman', 'heartbeats') }}

),

renamed as (

    select

        ---------- ids
        heartbeat_id,
        builder_id,
        task_id,

        ---------- properties
        status,
        message,
        progress_percentage,

        ---------- timestamps
        "timestamp" as heartbeat_at

    from source

)

select * from renamed
