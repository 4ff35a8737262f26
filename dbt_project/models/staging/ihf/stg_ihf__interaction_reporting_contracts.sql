with

source as (

    select * from {{ source('ihf', 'interaction_reporting_contracts') }}

),

renamed as (

    select

        ---------- ids
        id as reporting_contract_id,

        ---------- properties
        contract_version,
        endpoint_path,
        accepted_event_types,
        required_fields,
        auth_scheme,
        description,
        status,

        ---------- timestamps
        created_at

    from source

)

select * from renamed
