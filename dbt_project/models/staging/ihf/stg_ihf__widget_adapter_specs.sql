with

source as (

    select * from {{ source('ihf', 'widget_adapter_specs') }}

),

renamed as (

    select

        ---------- ids
        id as adapter_spec_id,
        envelope_contract_id,
        reporting_contract_id,

        ---------- properties
        name as adapter_name,
        framework,
        version,
        status,
        notes,

        ---------- timestamps
        created_at,
        updated_at

    from source

)

select * from renamed
