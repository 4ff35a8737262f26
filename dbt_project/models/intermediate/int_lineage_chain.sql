{#-
    One row per outcome signal observed at or before as_of, with every id upstream of it: the
    full Widget → … → OutcomeSignal chain (SPEC §8), the rows of the lineage_chain mart (which
    adds as_of). Child rows count at as_of: annotations created and not yet retracted,
    implementation references linked, evaluations made by then (SPEC §10).

    Incremental like int_deployment_impact: a nightly run after the previous one recomputes the
    signals of the deployments whose chain the time in between can change; rows of signals after
    as_of (a run for an earlier as_of) are removed first.
-#}
{{ config(
    materialized='incremental',
    unique_key='outcome_signal_id',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    indexes=[{'columns': ['outcome_signal_id'], 'unique': True}],
    pre_hook="{% if is_incremental() %}delete from {{ this }} where observed_at > {{ as_of() }}{% endif %}",
) }}

with

deployments as (
    select * from {{ ref('int_deployment_lineage') }}
    where {{ changed_deployments_only('deployment_id') }}
),

signals as (
    select signals.*
    from {{ ref('stg_ihf__outcome_signals') }} as signals
    join deployments on deployments.deployment_id = signals.deployment_id
    where signals.observed_at <= {{ as_of() }}
),

source_annotations as (
    -- A(C) at as_of: created by then and not yet retracted (SPEC §10). The view's two branches are
    -- probed per candidate (`offset 0` keeps the planner from flattening the lateral subquery into
    -- a join that resolves A(C) for every candidate), then each annotation by its primary key
    -- (`limit 1`, a no-op on a key, keeps that a lookup rather than a scan of every annotation).
    select
        candidates.candidate_id,
        array_agg(links.annotation_id order by annotations.created_at, links.annotation_id) as source_annotation_ids
    from (select distinct candidate_id from deployments where candidate_id is not null) as candidates
    cross join lateral (
        select links.annotation_id
        from {{ source('ihf_lineage', 'candidate_source_annotations') }} as links
        where links.candidate_id = candidates.candidate_id
        offset 0
    ) as links
    cross join lateral (
        select annotations.created_at
        from {{ ref('stg_ihf__annotations') }} as annotations
        where annotations.annotation_id = links.annotation_id
          and annotations.created_at <= {{ as_of() }}
          and (annotations.retracted_at is null or annotations.retracted_at > {{ as_of() }})
        limit 1
    ) as annotations
    group by candidates.candidate_id
),

implementation_references as (
    select decision_id, array_agg(impl_ref_id order by linked_at, impl_ref_id) as implementation_reference_ids
    from {{ ref('stg_ihf__implementation_change_references') }}
    where decision_id in (select decision_id from deployments)
      and linked_at <= {{ as_of() }}
    group by decision_id
),

evaluations as (
    select deployment_id, change_evaluation_id, score as change_evaluation_score
    from {{ ref('stg_ihf__change_evaluations') }}
    where deployment_id in (select deployment_id from deployments)
      and evaluated_at <= {{ as_of() }}
),

chain as (
    select
        signals.outcome_signal_id,
        signals.signal_type,
        signals.observed_at,
        deployments.deployment_id,
        deployments.deployed_at,
        deployments.version_ref,
        deployments.impl_ref_id,
        deployments.decision_id,
        implementation_references.implementation_reference_ids,
        deployments.requirement_id,
        deployments.candidate_id,
        deployments.candidate_category,
        deployments.source_thread_id,
        deployments.source_annotation_id,
        coalesce(source_annotations.source_annotation_ids, array[]::uuid[]) as source_annotation_ids,
        deployments.widget_id,
        deployments.widget_type,
        deployments.hub_id,
        evaluations.change_evaluation_id,
        evaluations.change_evaluation_score
    from signals
    join deployments on deployments.deployment_id = signals.deployment_id
    left join source_annotations on source_annotations.candidate_id = deployments.candidate_id
    left join implementation_references on implementation_references.decision_id = deployments.decision_id
    left join evaluations on evaluations.deployment_id = deployments.deployment_id
)

select * from chain
