{#-
    Deployment impact at as_of, the rows of the deployment_impact mart (which adds as_of): the
    correlation engine's pre/post comparison (SPEC §7.1, §10) at the deployment's grain, computed from staging so every
    deployment has a row, also those without source annotations. Annotations
    are counted for the candidate's own category (the category of its pattern
    key); outcome_correlations counts each source annotation's category instead,
    so its rows of the candidate's category carry the same counts.
    Intervals are built from hours: '1 day' follows the session's DST calendar.

    Incremental: a nightly run after the previous one (IHF_INCREMENTAL_SINCE) recomputes only the
    deployments the time in between can change and keeps the other rows, which a full recompute
    would reproduce; without it every deployment is recomputed. Rows of deployments after as_of
    (a run for an earlier as_of) are removed first.
-#}
{{ config(
    materialized='incremental',
    unique_key='deployment_id',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    indexes=[{'columns': ['deployment_id'], 'unique': True}],
    pre_hook="{% if is_incremental() %}delete from {{ this }} where deployed_at > {{ as_of() }}{% endif %}",
) }}
{%- set window_hours = 24 * var('window_days') -%}

with

lineage as (

    select * from {{ ref('int_deployment_lineage') }}
    where {{ changed_deployments_only('deployment_id') }}

),

outcomes as (

    select * from {{ ref('int_deployment_outcomes') }}

),

evaluations as (

    select * from {{ ref('stg_ihf__change_evaluations') }}
    where evaluated_at <= {{ as_of() }}

),

-- not materialized: the joins below must reach the source's (widget_id, created_at) and
-- (widget_id, occurred_at) indexes instead of scanning a materialized copy per deployment
annotations as not materialized (

    select * from {{ ref('stg_ihf__annotations') }}
    where created_at <= {{ as_of() }}
      and (retracted_at is null or retracted_at > {{ as_of() }})

),

events as not materialized (

    select * from {{ ref('stg_ihf__interaction_events') }}

),

signals as (

    select * from {{ ref('stg_ihf__outcome_signals') }}
    where observed_at <= {{ as_of() }}

),

-- L = min(W, as_of − deployed_at) in seconds; pre [d − L, d), post [d, d + L)
windows as (

    select
        lineage.*,
        least({{ window_hours }} * 3600, extract(epoch from {{ as_of() }} - lineage.deployed_at)) as half_window_s
    from lineage
    where lineage.deployed_at <= {{ as_of() }}

),

bounded_windows as (

    select
        windows.*,
        (windows.half_window_s / 86400.0)::float8 as window_days,
        windows.deployed_at - make_interval(secs => windows.half_window_s) as pre_window_start,
        windows.deployed_at + make_interval(secs => windows.half_window_s) as post_window_end
    from windows

),

-- per window, one range scan of the (widget_id, created_at) index (macros/window_counts.sql)
annotation_counts as (

    select
        bounded_windows.deployment_id,
        window_annotations.pre_annotations,
        window_annotations.post_annotations
    from bounded_windows
    cross join lateral (
        {{ window_counts('annotations', 'created_at', 'annotations',
                         condition='annotations.category = bounded_windows.candidate_category') }}
    ) as window_annotations
    where bounded_windows.widget_id is not null

),

-- events never counted: retraction markers and the events a marker (≤ as_of) names, resolved once
-- in stg_ihf__retracted_events; subtracted from the window totals, which then only need the
-- (widget_id, occurred_at) index
retractions as (

    select * from {{ ref('stg_ihf__retracted_events') }}
    where marker_occurred_at <= {{ as_of() }}

),

uncounted_events as (

    select marker_id as event_id, marker_widget_id as widget_id, marker_occurred_at as occurred_at
    from retractions
    union
    select named_event_id, named_widget_id, named_occurred_at
    from retractions
    where is_resolved

),

event_counts as (

    select
        bounded_windows.deployment_id,
        window_totals.pre_events - count(uncounted_events.event_id) filter (
            where uncounted_events.occurred_at < bounded_windows.deployed_at) as pre_events,
        window_totals.post_events - count(uncounted_events.event_id) filter (
            where uncounted_events.occurred_at >= bounded_windows.deployed_at) as post_events
    from bounded_windows
    cross join lateral (
        {{ window_counts('events', 'occurred_at', 'events') }}
    ) as window_totals
    left join uncounted_events
        on uncounted_events.widget_id = bounded_windows.widget_id
        and uncounted_events.occurred_at >= bounded_windows.pre_window_start
        and uncounted_events.occurred_at < bounded_windows.post_window_end
    where bounded_windows.widget_id is not null
    group by bounded_windows.deployment_id, window_totals.pre_events, window_totals.post_events

),

-- an improved signal followed within W (and by as_of) by a high/critical annotation on the widget;
-- one index probe per improved signal (`limit 1`: the first such annotation settles it)
regressions as (

    select distinct bounded_windows.deployment_id
    from bounded_windows
    inner join signals
        on signals.deployment_id = bounded_windows.deployment_id
        and signals.signal_type = 'improved'
    cross join lateral (
        select 1
        from annotations
        where annotations.widget_id = bounded_windows.widget_id
          and annotations.severity_normalized in ('high', 'critical')
          and annotations.created_at > signals.observed_at
          and annotations.created_at <= signals.observed_at + make_interval(hours => {{ window_hours }})
        limit 1
    ) as flagging_annotation

),

ratios as (

    select
        bounded_windows.*,
        annotation_counts.pre_annotations,
        annotation_counts.post_annotations,
        event_counts.pre_events,
        event_counts.post_events,
        ((annotation_counts.post_annotations + 0.5::float8) / (event_counts.post_events + 0.5::float8))
            / ((annotation_counts.pre_annotations + 0.5::float8) / (event_counts.pre_events + 0.5::float8))
            as friction_rate_ratio,
        1.96 * sqrt(1 / (annotation_counts.post_annotations + 0.5::float8) + 1 / (annotation_counts.pre_annotations + 0.5::float8))
            as log_ratio_half_width
    from bounded_windows
    left join annotation_counts on annotation_counts.deployment_id = bounded_windows.deployment_id
    left join event_counts on event_counts.deployment_id = bounded_windows.deployment_id

),

effects as (

    select
        ratios.*,
        exp(ln(ratios.friction_rate_ratio) - ratios.log_ratio_half_width) as rate_ratio_ci_low,
        exp(ln(ratios.friction_rate_ratio) + ratios.log_ratio_half_width) as rate_ratio_ci_high
    from ratios

),

classified as (

    select
        effects.*,
        case
            when effects.widget_id is null then null
            when effects.window_days < 7 or effects.pre_annotations + effects.post_annotations < 5 then 'insufficient'
            when effects.rate_ratio_ci_high < 1 then 'reduced'
            when effects.rate_ratio_ci_low > 1 then 'increased'
            else 'unchanged'
        end as measured_effect,
        regressions.deployment_id is not null as regression_detected,
        outcomes.deployment_outcome,
        coalesce(outcomes.signal_count, 0) as signal_count,
        evaluations.score as evaluation_score
    from effects
    left join regressions on regressions.deployment_id = effects.deployment_id
    left join outcomes on outcomes.deployment_id = effects.deployment_id
    left join evaluations on evaluations.deployment_id = effects.deployment_id

),

deployment_impact_values as (

    select
        deployment_id,
        decision_id,
        requirement_id,
        candidate_id,
        widget_id,
        hub_id,
        candidate_category,
        widget_type,
        version_ref,
        deployed_at,
        deployment_outcome,
        signal_count,
        evaluation_score,
        window_days,
        pre_window_start,
        post_window_end,
        pre_annotations,
        post_annotations,
        pre_events,
        post_events,
        friction_rate_ratio,
        rate_ratio_ci_low,
        rate_ratio_ci_high,
        measured_effect,
        regression_detected,
        -- the correlation_type ladder of SPEC §7.1 at the deployment's grain
        case
            when deployment_outcome = 'regressed' or regression_detected then 'negative'
            when deployment_outcome = 'improved' then 'positive'
            when deployment_outcome = 'neutral' then 'neutral'
            when measured_effect = 'reduced' then 'positive'
            when measured_effect = 'increased' then 'negative'
            when measured_effect = 'unchanged' then 'neutral'
            else 'inconclusive'
        end as impact_type
    from classified

)

select * from deployment_impact_values
