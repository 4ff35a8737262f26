with

source as (

    select * from {{ source('ihf', 'outcome_signals') }}

),

renamed as (

    select

        ---------- ids
        id as outcome_signal_id,
        widget_id,
        deployment_id,

        ---------- properties
        signal_type,
        "value" as signal_value,

        ---------- timestamps
        observed_at

    from source

)

select * from renamed
