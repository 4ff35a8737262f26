with

source as (

    select * from {{ source('ihf', 'widget_versions') }}

),

renamed as (

    select

        ---------- ids
        id as widget_version_id,
        widget_id,

        ---------- properties
        version,
        schema_snapshot,

        ---------- timestamps
        created_at

    from source

)

select * from renamed
