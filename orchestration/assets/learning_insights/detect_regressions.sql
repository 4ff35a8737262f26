-- `regression` (SPEC §7.5, §10): a deployment d (deployed ≤ as_of) with an `improved`
-- signal s observed ≤ as_of, followed by a `high`/`critical` annotation on d's widget
-- (lineage, SPEC §5), not retracted at as_of, created in (s.observed_at, s.observed_at + W]
-- and ≤ as_of. Computed here from the lineage, so a deployment without source
-- annotations (hence without outcome_correlations rows) is covered too. Only the
-- deployments in changed_deployments (all of them on a full run); the others' rows
-- come from carry_forward_regressions.sql.
insert into detected_insights (insight_type, subject_type, subject_key, hub_id, severity, title, detail)
with

improved_signals as (
    select l.deployment_id, l.decision_id, l.candidate_id, l.widget_id, l.hub_id, l.version_ref,
           s.id as signal_id, s.observed_at
    from deployment_lineage l
    join changed_deployments c on c.deployment_id = l.deployment_id
    join outcome_signals s on s.deployment_id = l.deployment_id
    where l.deployed_at <= %(as_of)s
      and l.widget_id is not null
      and s.signal_type = 'improved'
      and s.observed_at <= %(as_of)s
),

regressing_annotations as (
    select i.*, a.id as annotation_id, a.created_at as annotation_at, a.severity
    from improved_signals i
    join annotations a
        on a.widget_id = i.widget_id
        and a.severity in ('high', 'critical')
        and a.created_at > i.observed_at
        and a.created_at <= least(i.observed_at + make_interval(days => %(window_days)s), %(as_of)s)
        and (a.retracted_at is null or a.retracted_at > %(as_of)s)
)

select
    'regression',
    'deployment',
    r.deployment_id::text,
    r.hub_id,
    'critical',
    'Deployment ' || r.version_ref || ' regressed on widget ' || w.name || ' after an improved signal',
    jsonb_build_object(
        'deployment_id', r.deployment_id,
        'decision_id', r.decision_id,
        'candidate_id', r.candidate_id,
        'widget_id', r.widget_id,
        'first_improved_signal_at', min(r.observed_at),
        'improved_signals', count(distinct r.signal_id),
        'regressing_annotations', count(distinct r.annotation_id),
        'critical_annotations', count(distinct r.annotation_id) filter (where r.severity = 'critical'),
        'first_regressing_annotation_at', min(r.annotation_at)
    )
from regressing_annotations r
join widgets w on w.id = r.widget_id
group by r.deployment_id, r.decision_id, r.candidate_id, r.widget_id, r.hub_id, r.version_ref, w.name
