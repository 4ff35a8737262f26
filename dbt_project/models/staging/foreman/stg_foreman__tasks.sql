with

source as (

    select * from {{ source('foreman', 'tasks') }}

),

renamed as (

    select

        ---------- ids
        task_id,
        wave_id,
        assigned_builder,

        ---------- properties
        name as task_name,
        architecture_reference,
        qa_suite_location,
        acceptance_criteria,
        state,
        progress_percentage,
        evidence_location,

        ---------- timestamps
        created_at,
        updated_at,
        started_at,
        completed_at

    from source

)

select * from renamed
