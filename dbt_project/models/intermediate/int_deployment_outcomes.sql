-- Deployment outcome as of as_of (SPEC §5, §10): the type of the latest
-- non-inconclusive signal (by observed_at, then id); all inconclusive →
-- inconclusive; no signal → no row.
-- A table, not a view like the other intermediate models: two models and five data tests read
-- it, and as a view each of them would rank every signal again.
{{ config(materialized='table', indexes=[{'columns': ['deployment_id'], 'unique': True}]) }}

with

signals as (
    select * from {{ ref('stg_ihf__outcome_signals') }}
    where observed_at <= {{ as_of() }}
),

ranked as (
    select
        deployment_id,
        signal_type,
        observed_at,
        row_number() over (
            partition by deployment_id
            order by (signal_type <> 'inconclusive') desc, observed_at desc, outcome_signal_id desc
        ) as decisive_rank
    from signals
),

counted as (
    select
        deployment_id,
        count(*) as signal_count,
        {{ count_each('signal_type', ['improved', 'regressed', 'neutral', 'inconclusive'], suffix='_count') }},
        min(observed_at) as first_observed_at,
        max(observed_at) as last_observed_at
    from signals
    group by deployment_id
),

outcomes as (
    select
        counted.*,
        ranked.signal_type as deployment_outcome,
        {{ as_of() }} as as_of
    from counted
    join ranked on ranked.deployment_id = counted.deployment_id and ranked.decisive_rank = 1
)

select * from outcomes
