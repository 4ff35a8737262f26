with

source as (

    select * from {{ source('learning', 'adaptive_threshold_configs') }}

),

renamed as (

    select

        ---------- ids
        id as threshold_config_id,
        scope_hub_id,
        coalesce(scope_hub_id::text, 'global') as scope_key,

        ---------- properties
        metric,
        threshold,
        previous_threshold,
        weights,
        "precision",
        recall,
        f1,
        sample_size,
        positives,
        status,

        ---------- booleans
        scope_hub_id is null as is_global,
        status <> 'insufficient_data' as is_calibrated,

        ---------- timestamps
        as_of as calibration_as_of,
        calibrated_at

    from source

)

select * from renamed
