-- Learning dashboard, panel "open insights": insights open at as_of, most severe first.
with

insights as (

    select * from {{ ref('stg_learning__learning_insights') }}

),

hubs as (

    select * from {{ ref('stg_ihf__hubs') }}

),

-- open at as_of: first detected by then and not resolved by then (a later resolution
-- does not hide it from an older as_of)
open_insights as (

    select
        insights.insight_id,
        insights.insight_type,
        insights.severity,
        case insights.severity when 'critical' then 1 when 'warning' then 2 else 3 end as severity_rank,
        insights.subject_type,
        insights.subject_key,
        insights.hub_id,
        hubs.hub_slug,
        insights.title,
        insights.detail,
        insights.first_detected_at,
        insights.last_detected_at,
        extract(epoch from {{ as_of() }} - insights.first_detected_at) / 86400.0 as days_open,
        {{ as_of() }} as as_of
    from insights
    left join hubs on hubs.hub_id = insights.hub_id
    where insights.first_detected_at <= {{ as_of() }}
      and (insights.resolved_at is null or insights.resolved_at > {{ as_of() }})

)

select * from open_insights
