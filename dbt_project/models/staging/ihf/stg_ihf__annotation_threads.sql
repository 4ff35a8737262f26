with

source as (

    select * from {{ source('ihf', 'annotation_threads') }}

),

renamed as (

    select

        ---------- ids
        id as thread_id,
        widget_id,
        created_by,

        ---------- properties
        title,
        description,

        ---------- timestamps
        created_at

    from source

)

select * from renamed
