-- Learning dashboard, panel "threshold history": every calibration up to as_of.
with

threshold_configs as (

    select * from {{ ref('stg_learning__adaptive_threshold_configs') }}

),

hubs as (

    select * from {{ ref('stg_ihf__hubs') }}

),

calibrations as (

    select *
    from threshold_configs
    where metric = 'friction_score' and calibration_as_of <= {{ as_of() }}

),

-- the row in force at as_of per scope: its latest active or superseded row
rows_in_force as (

    select distinct on (scope_key) threshold_config_id
    from calibrations
    where is_calibrated
    order by scope_key, calibration_as_of desc

),

history as (

    select
        calibrations.threshold_config_id,
        calibrations.scope_key,
        calibrations.scope_hub_id,
        coalesce(hubs.hub_slug, 'global') as scope_label,
        calibrations.calibration_as_of,
        calibrations.status,
        calibrations.threshold,
        calibrations.previous_threshold,
        calibrations.threshold - calibrations.previous_threshold as threshold_change,
        (calibrations.threshold - calibrations.previous_threshold)
            / nullif(calibrations.previous_threshold, 0) as relative_change,
        -- the threshold_shift rule (≥ 20 % of the previous threshold), in exact numeric
        abs(calibrations.threshold::numeric - calibrations.previous_threshold::numeric)
            >= 0.2 * calibrations.previous_threshold::numeric as is_threshold_shift,
        calibrations."precision",
        calibrations.recall,
        calibrations.f1,
        calibrations.sample_size,
        calibrations.positives,
        calibrations.positives::double precision / nullif(calibrations.sample_size, 0) as positive_rate,
        rows_in_force.threshold_config_id is not null as is_in_force,
        calibrations.calibrated_at,
        {{ as_of() }} as as_of
    from calibrations
    left join hubs on hubs.hub_id = calibrations.scope_hub_id
    left join rows_in_force on rows_in_force.threshold_config_id = calibrations.threshold_config_id

)

select * from history
