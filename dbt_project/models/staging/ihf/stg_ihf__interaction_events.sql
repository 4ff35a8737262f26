with

source as (

    select * from {{ source('ihf', 'interaction_events') }}

),

renamed as (

    select

        ---------- ids
        id as event_id,
        widget_id,
        actor_id,
        case
            when event_type = 'retracted'
                and btrim(metadata ->> 'retracted_event_id') ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
            then btrim(metadata ->> 'retracted_event_id')::uuid
        end as retracted_event_id,

        ---------- properties
        event_type,
        actor_type,
        view_context_ref,
        metadata,

        ---------- booleans
        event_type = 'retracted' as is_retraction_marker,

        ---------- timestamps
        occurred_at

    from source

)

select * from renamed
