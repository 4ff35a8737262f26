with

source as (

    select * from {{ source('ihf', 'deployment_records') }}

),

renamed as (

    select

        ---------- ids
        id as deployment_id,
        impl_ref_id,
        decision_id,
        deployed_by,

        ---------- properties
        version_ref,
        notes,

        ---------- timestamps
        deployed_at,
        created_at

    from source

)

select * from renamed
