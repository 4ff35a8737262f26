with

source as (

    select * from {{ source('ihf', 'change_evaluations') }}

),

renamed as (

    select

        ---------- ids
        id as change_evaluation_id,
        deployment_id,
        decision_id,
        evaluated_by,

        ---------- properties
        score,
        rationale,

        ---------- timestamps
        evaluated_at

    from source

)

select * from renamed
