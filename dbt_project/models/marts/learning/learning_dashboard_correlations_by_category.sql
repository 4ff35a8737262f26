-- Learning dashboard, panel "correlations by category": how changes driven by each
-- annotation category turned out (SPEC §7.1, §8), from the current outcome_correlations rows.
-- Two hash aggregates over the rows instead of count(distinct …) per category: those sort all
-- correlation rows by category (2.7 → 1.8–2.2 s at `large`). `not materialized`: the view is read
-- twice, and scanning it twice is cheaper than spilling all its columns to disk.
with

correlations as not materialized (

    select * from {{ ref('stg_learning__outcome_correlations') }}

),

-- the pre/post counts, and so the rate ratio and measured effect, belong to
-- (deployment, category): every row of a pair carries the same values
deployment_categories as (

    select
        annotation_category,
        deployment_id,
        count(*) as correlation_count,
        {{ count_each('correlation_type', ['positive', 'negative', 'neutral', 'inconclusive'], suffix='_count') }},
        bool_or(regression_detected) as regression_detected,
        min(friction_rate_ratio) as friction_rate_ratio,
        min(measured_effect) as measured_effect,
        max(as_of) as correlations_as_of
    from correlations
    group by annotation_category, deployment_id

),

category_annotations as (

    select annotation_category, count(*) as annotation_count
    from (select distinct annotation_category, annotation_id from correlations) as category_annotation
    group by annotation_category

),

category_deployments as (

    select
        annotation_category,
        sum(correlation_count)::bigint as correlation_count,
        count(*) as deployment_count,
        sum(positive_count)::bigint as positive_count,
        sum(negative_count)::bigint as negative_count,
        sum(neutral_count)::bigint as neutral_count,
        sum(inconclusive_count)::bigint as inconclusive_count,
        {{ count_each('measured_effect', ['reduced', 'increased', 'unchanged', 'insufficient'], suffix='_deployments') }},
        exp(avg(ln(friction_rate_ratio))) as geomean_rate_ratio,
        count(*) filter (where regression_detected) as regression_deployments,
        max(correlations_as_of) as correlations_as_of
    from deployment_categories
    group by annotation_category

),

by_category as (

    select
        category_deployments.annotation_category,
        category_deployments.correlation_count,
        category_annotations.annotation_count,
        category_deployments.deployment_count,
        category_deployments.positive_count,
        category_deployments.negative_count,
        category_deployments.neutral_count,
        category_deployments.inconclusive_count,
        category_deployments.positive_count::double precision / category_deployments.correlation_count as positive_share,
        category_deployments.negative_count::double precision / category_deployments.correlation_count as negative_share,
        category_deployments.reduced_deployments,
        category_deployments.increased_deployments,
        category_deployments.unchanged_deployments,
        category_deployments.insufficient_deployments,
        category_deployments.geomean_rate_ratio,
        category_deployments.regression_deployments,
        category_deployments.correlations_as_of,
        {{ as_of() }} as as_of
    from category_deployments
    inner join category_annotations on category_annotations.annotation_category = category_deployments.annotation_category

)

select * from by_category
