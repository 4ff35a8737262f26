-- Learning dashboard, panel "correlations by category": how changes driven by each
-- annotation category turned out (SPEC §7.1, §8), from the current outcome_correlations rows.
with

correlations as (

    select * from {{ ref('stg_learning__outcome_correlations') }}

),

-- the pre/post counts belong to (deployment, category): one row each for the rate ratio
deployment_categories as (

    select distinct on (deployment_id, annotation_category)
        deployment_id, annotation_category, friction_rate_ratio, measured_effect
    from correlations
    order by deployment_id, annotation_category

),

category_effects as (

    select
        annotation_category,
        exp(avg(ln(friction_rate_ratio))) as geomean_rate_ratio,
        count(*) filter (where measured_effect = 'reduced') as reduced_deployments,
        count(*) filter (where measured_effect = 'increased') as increased_deployments,
        count(*) filter (where measured_effect = 'unchanged') as unchanged_deployments,
        count(*) filter (where measured_effect = 'insufficient') as insufficient_deployments
    from deployment_categories
    group by annotation_category

),

category_correlations as (

    select
        annotation_category,
        count(*) as correlation_count,
        count(distinct annotation_id) as annotation_count,
        count(distinct deployment_id) as deployment_count,
        count(*) filter (where correlation_type = 'positive') as positive_count,
        count(*) filter (where correlation_type = 'negative') as negative_count,
        count(*) filter (where correlation_type = 'neutral') as neutral_count,
        count(*) filter (where correlation_type = 'inconclusive') as inconclusive_count,
        count(distinct deployment_id) filter (where regression_detected) as regression_deployments,
        max(as_of) as correlations_as_of
    from correlations
    group by annotation_category

),

by_category as (

    select
        category_correlations.annotation_category,
        category_correlations.correlation_count,
        category_correlations.annotation_count,
        category_correlations.deployment_count,
        category_correlations.positive_count,
        category_correlations.negative_count,
        category_correlations.neutral_count,
        category_correlations.inconclusive_count,
        category_correlations.positive_count::double precision / category_correlations.correlation_count as positive_share,
        category_correlations.negative_count::double precision / category_correlations.correlation_count as negative_share,
        category_effects.reduced_deployments,
        category_effects.increased_deployments,
        category_effects.unchanged_deployments,
        category_effects.insufficient_deployments,
        category_effects.geomean_rate_ratio,
        category_correlations.regression_deployments,
        category_correlations.correlations_as_of,
        {{ as_of() }} as as_of
    from category_correlations
    inner join category_effects on category_effects.annotation_category = category_correlations.annotation_category

)

select * from by_category
