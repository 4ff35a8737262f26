{#-
    Friction weights. The defaults are defined here for dbt and in
    orchestration/resources.py (DEFAULT_SEVERITY_WEIGHTS, LearningSettings) for Python;
    a run with other weights passes them as the vars `severity_weights` and
    `category_weights`, so the mart scores exactly like the calibration.
-#}
{%- set severity_weights = var('severity_weights', {'low': 1, 'medium': 2, 'high': 4, 'critical': 8}) -%}
{%- set category_weights = var('category_weights', {}) -%}

with

widgets as (

    select * from {{ ref('stg_ihf__widgets') }}

),

hubs as (

    select * from {{ ref('stg_ihf__hubs') }}

),

annotations as (

    select * from {{ ref('stg_ihf__annotations') }}

),

candidates as (

    select * from {{ ref('stg_ihf__requirement_candidates') }}

),

threshold_configs as (

    select * from {{ ref('stg_learning__adaptive_threshold_configs') }}

),

-- friction_score(w, as_of) (SPEC §7.3): annotations created in (as_of − W, as_of], not
-- retracted at as_of; weight = severity weight (unknown severities as medium) × category weight
window_annotations as (

    select
        widget_id,
        ('{{ tojson(severity_weights) | replace("'", "''") }}'::jsonb ->> severity_normalized)::numeric
            * coalesce(('{{ tojson(category_weights) | replace("'", "''") }}'::jsonb ->> category)::numeric, 1)
            as weight
    from annotations
    where created_at > {{ as_of() }} - make_interval(days => {{ var('window_days') }})
      and created_at <= {{ as_of() }}
      and (retracted_at is null or retracted_at > {{ as_of() }})

),

friction_scores as (

    select widget_id, sum(weight) as friction_score, count(*) as window_annotations
    from window_annotations
    group by widget_id

),

-- each scope's calibration in force at as_of: its latest active or superseded row
thresholds_in_force as (

    select distinct on (scope_key) scope_hub_id, is_global, threshold, calibration_as_of
    from threshold_configs
    where metric = 'friction_score' and is_calibrated and calibration_as_of <= {{ as_of() }}
    order by scope_key, calibration_as_of desc

),

-- "open candidate": current status open / triaged / accepted, created ≤ as_of
open_candidates as (

    select source_widget_id as widget_id, count(*) as open_candidate_count
    from candidates
    where status in ('open', 'triaged', 'accepted') and created_at <= {{ as_of() }}
    group by source_widget_id

),

scored_widgets as (

    select
        widgets.widget_id,
        widgets.widget_name,
        widgets.widget_type,
        widgets.hub_id,
        hubs.hub_slug,
        coalesce(friction_scores.friction_score, 0) as friction_score,
        coalesce(friction_scores.window_annotations, 0) as window_annotations,
        coalesce(hub_threshold.threshold, global_threshold.threshold, 10) as threshold,
        case
            when hub_threshold.threshold is not null then 'hub'
            when global_threshold.threshold is not null then 'global'
            else 'default'
        end as threshold_scope,
        coalesce(open_candidates.open_candidate_count, 0) as open_candidate_count
    from widgets
    inner join hubs on hubs.hub_id = widgets.hub_id
    left join friction_scores on friction_scores.widget_id = widgets.widget_id
    left join thresholds_in_force as hub_threshold on hub_threshold.scope_hub_id = widgets.hub_id
    left join thresholds_in_force as global_threshold on global_threshold.is_global
    left join open_candidates on open_candidates.widget_id = widgets.widget_id
    where widgets.created_at <= {{ as_of() }}

),

flagged_widgets as (

    select
        *,
        -- numeric on both sides, as in the calibration, so a score equal to its threshold is flagged
        friction_score >= threshold::numeric as flagged,
        open_candidate_count > 0 as has_open_candidate,
        round(friction_score / nullif(threshold::numeric, 0), 4) as threshold_ratio
    from scored_widgets

),

routed_widgets as (

    select
        widget_id,
        widget_name,
        widget_type,
        hub_id,
        hub_slug,
        friction_score,
        window_annotations,
        threshold,
        threshold_scope,
        threshold_ratio,
        flagged,
        has_open_candidate,
        open_candidate_count,
        case
            when flagged and not has_open_candidate then 'open_candidate'
            when flagged then 'expedite_open_candidate'
            when friction_score > 0 and friction_score >= 0.8 * threshold::numeric then 'watch'
            else 'none'
        end as recommended_action,
        {{ as_of() }} as as_of
    from flagged_widgets

)

select * from routed_widgets
