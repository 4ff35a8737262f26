{#-
    Recurrence (SPEC §7.1): a widget's cycle count is the number of distinct
    deployments, deployed on or before as_of, reached from requirement
    candidates on that widget (candidate → decision, directly or through a
    promoted requirement → deployment). Widgets that keep coming back through
    the loop rank first.
-#}
with

lineage as (

    select * from {{ ref('int_deployment_lineage') }}

),

outcomes as (

    select * from {{ ref('int_deployment_outcomes') }}

),

candidates as (

    select * from {{ ref('stg_ihf__requirement_candidates') }}
    where created_at <= {{ as_of() }}

),

widgets as (

    select * from {{ ref('stg_ihf__widgets') }}

),

hubs as (

    select * from {{ ref('stg_ihf__hubs') }}

),

widget_candidates as (

    select
        source_widget_id as widget_id,
        count(*) as candidate_count,
        count(*) filter (where status in ('open', 'triaged', 'accepted')) as open_candidate_count
    from candidates
    group by source_widget_id

),

widget_cycles as (

    select
        lineage.widget_id,
        count(distinct lineage.deployment_id) as cycle_count,
        count(distinct lineage.deployment_id) filter (
            where lineage.deployed_at > {{ as_of() }} - make_interval(hours => 24 * 180)
        ) as cycles_last_180_days,
        count(distinct lineage.deployment_id) filter (where outcomes.deployment_outcome = 'improved') as improved_cycles,
        count(distinct lineage.deployment_id) filter (where outcomes.deployment_outcome = 'regressed') as regressed_cycles,
        min(lineage.deployed_at) as first_deployed_at,
        max(lineage.deployed_at) as last_deployed_at
    from lineage
    left join outcomes on outcomes.deployment_id = lineage.deployment_id
    where lineage.deployed_at <= {{ as_of() }}
      and lineage.widget_id is not null
    group by lineage.widget_id

),

widget_recurrence as (

    select
        widgets.widget_id,
        widgets.widget_name,
        widgets.widget_type,
        widgets.hub_id,
        hubs.hub_slug,
        coalesce(widget_candidates.candidate_count, 0) as candidate_count,
        coalesce(widget_candidates.open_candidate_count, 0) as open_candidate_count,
        coalesce(widget_cycles.cycle_count, 0) as cycle_count,
        coalesce(widget_cycles.cycles_last_180_days, 0) as cycles_last_180_days,
        coalesce(widget_cycles.improved_cycles, 0) as improved_cycles,
        coalesce(widget_cycles.regressed_cycles, 0) as regressed_cycles,
        widget_cycles.first_deployed_at,
        widget_cycles.last_deployed_at
    from widgets
    inner join hubs on hubs.hub_id = widgets.hub_id
    left join widget_candidates on widget_candidates.widget_id = widgets.widget_id
    left join widget_cycles on widget_cycles.widget_id = widgets.widget_id
    where widget_candidates.widget_id is not null or widget_cycles.widget_id is not null

),

ranked as (

    select
        *,
        rank() over (order by cycle_count desc) as cycle_rank,
        row_number() over (
            order by cycle_count desc, last_deployed_at desc nulls last, widget_id
        ) as leaderboard_position,
        {{ as_of() }} as as_of
    from widget_recurrence

)

select * from ranked
