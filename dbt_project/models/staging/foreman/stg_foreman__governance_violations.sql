with

source as (

    select * from {{ source('foreman', 'governance_violations') }}

),

renamed as (

    select

        ---------- ids
        violation_id,
        task_id,
        builder_id,

        ---------- properties
        violation_type,
        description,
        resolution,

        ---------- timestamps
        detected_at,
        resolved_at

    from source

)

select * from renamed
