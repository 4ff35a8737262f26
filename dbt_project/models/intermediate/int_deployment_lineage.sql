-- One row per deployment with the chain above it (SPEC §5), plus the
-- candidate's source thread and annotation for the lineage mart.
with

deployments as (
    select * from {{ source('ihf_lineage', 'deployment_lineage') }}
),

candidates as (
    select candidate_id, source_thread_id, source_annotation_id
    from {{ ref('stg_ihf__requirement_candidates') }}
),

joined as (
    select
        deployments.*,
        candidates.source_thread_id,
        candidates.source_annotation_id
    from deployments
    left join candidates using (candidate_id)
)

select * from joined
