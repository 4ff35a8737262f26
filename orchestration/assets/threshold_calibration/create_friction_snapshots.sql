-- friction_score(w, t) of SPEC §7.3 for every widget existing at each instant
-- t_k = latest_instant − 7k days, k = 0 .. snapshot_count − 1, in one set-based pass:
-- Σ over annotations on w created in (t − W, t] and not retracted at t
-- (retracted_at ≤ t) of severity weight × category weight.
-- Unknown severities weigh as medium; a category without a weight weighs 1.
-- Scores are numeric, so equal scores compare equal (calibration ties).
create temp table friction_snapshots on commit drop as
with

snapshots as materialized (
    select snapshot_at, snapshot_at - make_interval(days => %(window_days)s) as window_start
    from (
        select %(latest_instant)s::timestamptz - make_interval(days => 7 * k) as snapshot_at
        from generate_series(0, %(snapshot_count)s - 1) as k
    ) instants
),

weighted_annotations as (
    select
        a.widget_id,
        a.created_at,
        a.retracted_at,
        (%(severity_weights)s::jsonb ->> case
            when a.severity in ('low', 'medium', 'high', 'critical') then a.severity
            else 'medium'
        end)::numeric
        * coalesce((%(category_weights)s::jsonb ->> a.category)::numeric, 1) as weight
    from annotations a
    where a.created_at <= %(latest_instant)s
      and a.created_at > %(latest_instant)s::timestamptz
          - make_interval(days => 7 * (%(snapshot_count)s - 1) + %(window_days)s)
),

-- each annotation lands in the few snapshots whose window holds it
snapshot_scores as (
    select s.snapshot_at, a.widget_id, sum(a.weight) as friction_score
    from weighted_annotations a
    join snapshots s
        on a.created_at > s.window_start
        and a.created_at <= s.snapshot_at
        and (a.retracted_at is null or a.retracted_at > s.snapshot_at)
    group by s.snapshot_at, a.widget_id
)

select s.snapshot_at, w.id as widget_id, w.hub_id, coalesce(f.friction_score, 0) as friction_score
from snapshots s
join widgets w on w.created_at <= s.snapshot_at
left join snapshot_scores f on f.snapshot_at = s.snapshot_at and f.widget_id = w.id
