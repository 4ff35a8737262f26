-- password_hash is a secret and deliberately not staged.
with

source as (

    select * from {{ source('ihf', 'users') }}

),

renamed as (

    select

        ---------- ids
        id as user_id,

        ---------- properties
        email,
        name as user_name,
        failed_login_attempts,

        ---------- timestamps
        locked_at,
        created_at

    from source

)

select * from renamed
