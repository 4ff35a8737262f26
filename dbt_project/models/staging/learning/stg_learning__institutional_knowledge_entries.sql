-- search_vector is index data for `ihf knowledge search`, not an analytical
-- column, and is deliberately not staged.
with

source as (

    select * from {{ source('learning', 'institutional_knowledge_entries') }}

),

renamed as (

    select

        ---------- ids
        id as knowledge_entry_id,
        decision_id,
        hub_id,
        widget_id,

        ---------- properties
        title,
        summary,
        body,
        tags,
        source_fingerprint,

        ---------- timestamps
        distilled_at

    from source

)

select * from renamed
