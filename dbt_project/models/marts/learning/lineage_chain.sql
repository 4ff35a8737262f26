-- One row per outcome signal observed at or before as_of, with every id
-- upstream of it: the full Widget → … → OutcomeSignal chain (SPEC §8).
with

signals as (
    select * from {{ ref('stg_ihf__outcome_signals') }}
    where observed_at <= {{ as_of() }}
),

deployments as (
    select * from {{ ref('int_deployment_lineage') }}
),

source_annotations as (
    -- A(C) at as_of: created by then and not yet retracted (SPEC §10)
    select
        links.candidate_id,
        array_agg(annotations.annotation_id order by annotations.created_at, annotations.annotation_id) as source_annotation_ids
    from {{ source('ihf_lineage', 'candidate_source_annotations') }} as links
    join {{ ref('stg_ihf__annotations') }} as annotations on annotations.annotation_id = links.annotation_id
    where annotations.created_at <= {{ as_of() }}
      and (annotations.retracted_at is null or annotations.retracted_at > {{ as_of() }})
    group by links.candidate_id
),

implementation_references as (
    select decision_id, array_agg(impl_ref_id order by linked_at, impl_ref_id) as implementation_reference_ids
    from {{ ref('stg_ihf__implementation_change_references') }}
    group by decision_id
),

evaluations as (
    select deployment_id, change_evaluation_id, score as change_evaluation_score
    from {{ ref('stg_ihf__change_evaluations') }}
    where evaluated_at <= {{ as_of() }}
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
        evaluations.change_evaluation_score,
        {{ as_of() }} as as_of
    from signals
    join deployments on deployments.deployment_id = signals.deployment_id
    left join source_annotations on source_annotations.candidate_id = deployments.candidate_id
    left join implementation_references on implementation_references.decision_id = deployments.decision_id
    left join evaluations on evaluations.deployment_id = deployments.deployment_id
)

select * from chain
