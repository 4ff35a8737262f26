with

source as (

    select * from {{ source('ihf', 'retracted_events') }}

),

renamed as (

    select

        ---------- ids
        marker_id,
        marker_widget_id,
        named_event_id,
        named_widget_id,

        ---------- booleans
        named_widget_id is not null as is_resolved,

        ---------- timestamps
        marker_occurred_at,
        named_occurred_at

    from source

)

select * from renamed
