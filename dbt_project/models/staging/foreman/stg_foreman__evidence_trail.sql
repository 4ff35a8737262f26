with

source as (

    select * from {{ source('foreman', 'evidence_trail') }}

),

renamed as (

    select

        ---------- ids
        evidence_id,
        entity_id,

        ---------- properties
        entity_type,
        action,
        actor,
        backend,
        model,
        context,

        ---------- timestamps
        "timestamp" as recorded_at

    from source

)

select * from renamed
