with

source as (

    select * from {{ source('foreman', 'architecture_validations') }}

),

renamed as (

    select

        ---------- ids
        validation_id,
        task_id,

        ---------- properties
        architecture_reference,
        validation_results,
        pass_rate,
        build_readiness,
        validated_by,

        ---------- timestamps
        validated_at

    from source

)

select * from renamed
