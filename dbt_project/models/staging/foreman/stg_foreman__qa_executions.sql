with

source as (

    select * from {{ source('foreman', 'qa_executions') }}

),

renamed as (

    select

        ---------- ids
        execution_id,
        task_id,

        ---------- properties
        qa_suite_location,
        total_tests,
        passing_tests,
        failing_tests,
        skipped_tests,
        test_debt_count,
        qa_status,
        execution_time_ms,

        ---------- timestamps
        executed_at

    from source

)

select * from renamed
