-- Widgets at or over their effective threshold at as_of (friction_snapshots holds
-- friction_score(w, as_of); effective threshold = the hub's row in force, else the
-- global one, else the default 10; compared as numeric so equal values are equal):
--   `recurring_friction`: ≥ 2 deployments of the widget (lineage) with deployed_at in
--                         (as_of − 180 d, as_of];
--   `friction_hotspot`:   no open candidate (status open/triaged/accepted now, created ≤ as_of).
insert into detected_insights (insight_type, subject_type, subject_key, hub_id, severity, title, detail)
with

flagged_widgets as (
    select
        f.widget_id, f.hub_id, w.name as widget_name, f.friction_score,
        coalesce(own.threshold, glob.threshold, %(default_threshold)s) as threshold,
        case when own.id is not null then 'hub' when glob.id is not null then 'global' else 'default' end
            as threshold_scope
    from friction_snapshots f
    join widgets w on w.id = f.widget_id
    left join thresholds_in_force own on own.scope_hub_id = f.hub_id
    left join thresholds_in_force glob on glob.scope_hub_id is null
    where f.friction_score >= coalesce(own.threshold, glob.threshold, %(default_threshold)s)::numeric
),

recent_deployments as (
    select widget_id, count(*) as deployments, jsonb_agg(deployment_id order by deployed_at, deployment_id) as ids
    from deployment_lineage
    where deployed_at > %(as_of)s::timestamptz - interval '180 days' and deployed_at <= %(as_of)s
    group by widget_id
),

open_candidates as (
    select distinct source_widget_id as widget_id
    from requirement_candidates
    where status in ('open', 'triaged', 'accepted') and created_at <= %(as_of)s
)

select
    'recurring_friction', 'widget', f.widget_id::text, f.hub_id, 'warning',
    'Widget ' || f.widget_name || ' is still over its friction threshold after '
        || d.deployments || ' deployments in 180 days',
    jsonb_build_object(
        'widget_id', f.widget_id, 'friction_score', f.friction_score, 'threshold', f.threshold,
        'threshold_scope', f.threshold_scope, 'deployments_180d', d.deployments, 'deployment_ids', d.ids
    )
from flagged_widgets f
join recent_deployments d on d.widget_id = f.widget_id
where d.deployments >= 2

union all

select
    'friction_hotspot', 'widget', f.widget_id::text, f.hub_id, 'warning',
    'Widget ' || f.widget_name || ' is over its friction threshold with no open candidate',
    jsonb_build_object(
        'widget_id', f.widget_id, 'friction_score', f.friction_score, 'threshold', f.threshold,
        'threshold_scope', f.threshold_scope
    )
from flagged_widgets f
where not exists (select 1 from open_candidates c where c.widget_id = f.widget_id)
