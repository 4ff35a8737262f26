with

source as (

    select * from {{ source('scaffold', 'project_outcomes') }}

),

renamed as (

    select

        ---------- ids
        id as project_outcome_id,
        pattern_id,
        user_id as scaffold_user_id,
        workspace_id,

        ---------- properties
        project_name,
        project_path,
        pattern_name,
        components_generated,
        files_created,
        languages_used,
        dependencies_installed,
        status,
        last_build_status,
        test_pass_rate,
        deployment_status,

        ---------- timestamps
        last_build_timestamp as last_build_at,
        created_at,
        updated_at,
        last_accessed_at

    from source

)

select * from renamed
