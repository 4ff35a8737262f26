with

source as (

    select * from {{ source('ihf', 'implementation_change_references') }}

),

renamed as (

    select

        ---------- ids
        id as impl_ref_id,
        decision_id,
        linked_by,

        ---------- properties
        work_item_ref,
        "system" as work_item_system,

        ---------- timestamps
        linked_at

    from source

)

select * from renamed
