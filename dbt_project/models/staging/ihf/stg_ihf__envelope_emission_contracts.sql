with

source as (

    select * from {{ source('ihf', 'envelope_emission_contracts') }}

),

renamed as (

    select

        ---------- ids
        id as envelope_contract_id,

        ---------- properties
        contract_version,
        required_attributes,
        optional_attributes,
        validation_rules,
        description,
        status,

        ---------- timestamps
        created_at

    from source

)

select * from renamed
