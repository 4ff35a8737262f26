with

source as (

    select * from {{ source('ihf', 'confidence_annotations') }}

),

renamed as (

    select

        ---------- ids
        id as confidence_annotation_id,
        proposal_id,

        ---------- properties
        dimension,
        score,
        explanation,

        ---------- timestamps
        created_at

    from source

)

select * from renamed
