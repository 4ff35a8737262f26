with

source as (

    select * from {{ source('learning', 'pattern_performance_records') }}

),

renamed as (

    select

        ---------- ids
        id as pattern_performance_record_id,

        ---------- properties
        domain,
        pattern_key,
        attributes,
        sample_size,
        success_count,
        failure_count,
        neutral_count,
        inconclusive_count,
        success_rate,
        success_ci_low,
        success_ci_high,
        failure_rate,
        avg_score,
        tier,

        ---------- timestamps
        window_start,
        window_end,
        computed_at

    from source

)

select * from renamed
