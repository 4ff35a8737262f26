with

source as (

    select * from {{ source('ihf', 'annotations') }}

),

renamed as (

    select

        ---------- ids
        id as annotation_id,
        widget_id,
        parent_id as parent_annotation_id,
        thread_id,
        actor_id,

        ---------- properties
        body,
        category,
        severity,
        case
            when severity in ('low', 'medium', 'high', 'critical') then severity
            else 'medium'
        end as severity_normalized,
        actor_type,
        widget_state_ref,

        ---------- booleans
        coalesce(severity in ('low', 'medium', 'high', 'critical'), false) as is_known_severity,

        ---------- timestamps
        retracted_at,
        created_at

    from source

)

select * from renamed
