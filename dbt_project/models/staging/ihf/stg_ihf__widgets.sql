with

source as (

    select * from {{ source('ihf', 'widgets') }}

),

renamed as (

    select

        ---------- ids
        id as widget_id,
        hub_id,
        adapter_spec_id,

        ---------- properties
        name as widget_name,
        widget_type,
        capability_ref,
        view_context,
        policy_scope,
        status,
        version,

        ---------- timestamps
        created_at

    from source

)

select * from renamed
