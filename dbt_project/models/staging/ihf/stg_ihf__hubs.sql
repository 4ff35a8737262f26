-- api_key is a secret and deliberately not staged.
with

source as (

    select * from {{ source('ihf', 'hubs') }}

),

renamed as (

    select

        ---------- ids
        id as hub_id,

        ---------- properties
        slug as hub_slug,
        name as hub_name,
        domain,

        ---------- timestamps
        created_at

    from source

)

select * from renamed
