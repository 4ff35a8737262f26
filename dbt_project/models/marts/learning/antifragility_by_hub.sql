-- Antifragility dashboard, one row per hub existing at as_of (SPEC §8): does the hub's
-- loop Widget → Annotation → … → Deployment → OutcomeSignal make its widgets better?
-- Friction now, deployment outcomes, the pooled pre/post comparison, regressions,
-- change evaluations, recurrence and open insights, side by side.
with

hubs as (

    select * from {{ ref('stg_ihf__hubs') }}
    where created_at <= {{ as_of() }}

),

widget_friction as (

    select * from {{ ref('widget_friction') }}

),

deployment_impact as (

    select * from {{ ref('deployment_impact') }}

),

recurrence as (

    select * from {{ ref('recurrence_leaderboard') }}

),

open_insights as (

    select * from {{ ref('learning_dashboard_open_insights') }}

),

thresholds as (

    select * from {{ ref('learning_dashboard_threshold_history') }}
    where is_in_force

),

hub_friction as (

    select
        hub_id,
        count(*) as widget_count,
        count(*) filter (where flagged) as flagged_widgets,
        count(*) filter (where flagged and not has_open_candidate) as hotspot_widgets,
        avg(friction_score) as mean_friction_score
    from widget_friction
    group by hub_id

),

hub_deployments as (

    select
        hub_id,
        count(*) as deployment_count,
        count(deployment_outcome) as deployments_with_outcome,
        {{ count_each('deployment_outcome', ['improved', 'regressed', 'neutral', 'inconclusive'], suffix='_deployments') }},
        count(*) filter (where regression_detected) as regression_detected_deployments,
        count(*) filter (where measured_effect = 'reduced') as reduced_friction_deployments,
        count(*) filter (where measured_effect = 'increased') as increased_friction_deployments,
        coalesce(sum(pre_annotations), 0) as pre_annotations,
        coalesce(sum(post_annotations), 0) as post_annotations,
        coalesce(sum(pre_events), 0) as pre_events,
        coalesce(sum(post_events), 0) as post_events,
        count(evaluation_score) as evaluated_deployments,
        avg(evaluation_score) as mean_evaluation_score
    from deployment_impact
    where hub_id is not null
    group by hub_id

),

hub_recurrence as (

    select
        hub_id,
        count(*) filter (where cycle_count >= 2) as recurring_widgets,
        max(cycle_count) as max_cycle_count
    from recurrence
    group by hub_id

),

hub_insights as (

    select
        hub_id,
        count(*) as open_insights,
        count(*) filter (where severity = 'critical') as open_critical_insights,
        count(*) filter (where severity = 'warning') as open_warning_insights
    from open_insights
    where hub_id is not null
    group by hub_id

),

global_threshold as (

    select threshold from thresholds where scope_key = 'global'

),

hub_dashboard as (

    select
        hubs.hub_id,
        hubs.hub_slug,
        hubs.hub_name,
        coalesce(hub_friction.widget_count, 0) as widget_count,
        coalesce(hub_friction.flagged_widgets, 0) as flagged_widgets,
        coalesce(hub_friction.hotspot_widgets, 0) as hotspot_widgets,
        hub_friction.mean_friction_score,
        coalesce(hub_threshold.threshold, (select threshold from global_threshold), 10) as friction_threshold,
        coalesce(hub_deployments.deployment_count, 0) as deployment_count,
        coalesce(hub_deployments.deployments_with_outcome, 0) as deployments_with_outcome,
        coalesce(hub_deployments.improved_deployments, 0) as improved_deployments,
        coalesce(hub_deployments.regressed_deployments, 0) as regressed_deployments,
        coalesce(hub_deployments.neutral_deployments, 0) as neutral_deployments,
        coalesce(hub_deployments.inconclusive_deployments, 0) as inconclusive_deployments,
        hub_deployments.improved_deployments::double precision / nullif(
            hub_deployments.improved_deployments + hub_deployments.regressed_deployments
            + hub_deployments.neutral_deployments, 0) as improvement_rate,
        coalesce(hub_deployments.regression_detected_deployments, 0) as regression_detected_deployments,
        coalesce(hub_deployments.pre_annotations, 0) as pre_annotations,
        coalesce(hub_deployments.post_annotations, 0) as post_annotations,
        coalesce(hub_deployments.pre_events, 0) as pre_events,
        coalesce(hub_deployments.post_events, 0) as post_events,
        -- the correlation engine's rate ratio, on the hub's pooled pre/post counts
        ((coalesce(hub_deployments.post_annotations, 0) + 0.5) / (coalesce(hub_deployments.post_events, 0) + 0.5))
            / ((coalesce(hub_deployments.pre_annotations, 0) + 0.5) / (coalesce(hub_deployments.pre_events, 0) + 0.5))
            as pooled_rate_ratio,
        coalesce(hub_deployments.reduced_friction_deployments, 0) as reduced_friction_deployments,
        coalesce(hub_deployments.increased_friction_deployments, 0) as increased_friction_deployments,
        coalesce(hub_deployments.evaluated_deployments, 0) as evaluated_deployments,
        hub_deployments.mean_evaluation_score,
        coalesce(hub_recurrence.recurring_widgets, 0) as recurring_widgets,
        coalesce(hub_recurrence.max_cycle_count, 0) as max_cycle_count,
        coalesce(hub_insights.open_insights, 0) as open_insights,
        coalesce(hub_insights.open_critical_insights, 0) as open_critical_insights,
        coalesce(hub_insights.open_warning_insights, 0) as open_warning_insights,
        {{ as_of() }} as as_of
    from hubs
    left join hub_friction on hub_friction.hub_id = hubs.hub_id
    left join thresholds as hub_threshold on hub_threshold.scope_hub_id = hubs.hub_id
    left join hub_deployments on hub_deployments.hub_id = hubs.hub_id
    left join hub_recurrence on hub_recurrence.hub_id = hubs.hub_id
    left join hub_insights on hub_insights.hub_id = hubs.hub_id

)

select * from hub_dashboard
