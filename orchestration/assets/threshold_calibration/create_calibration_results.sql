-- One calibration result per scope (global = NULL hub, then every hub existing at
-- as_of) from the temp table friction_snapshots (SPEC §7.3, §10).
--   label(w, t) = a requirement candidate created for w, or a `regressed` signal
--                 observed on w (outcome_signals.widget_id), in (t, t + W];
--   τ ∈ distinct scores > 0 of the scope; flagged = score ≥ τ;
--   F1 = 2TP / (2TP + FP + FN) = 2TP / (flagged + positives); ties → smaller τ.
-- TP(τ) and flagged(τ) are running sums over the scope's scores in descending order.
create temp table calibration_results on commit drop as
with

label_events as (
    select source_widget_id as widget_id, created_at as event_at
    from requirement_candidates
    where created_at <= %(as_of)s
    union all
    select widget_id, observed_at
    from outcome_signals
    where signal_type = 'regressed' and observed_at <= %(as_of)s
),

snapshots as (
    select distinct snapshot_at from friction_snapshots
),

-- (snapshot, widget) pairs with a label event in (t, t + W], found from the events' side
positive_snapshots as (
    select distinct s.snapshot_at, e.widget_id
    from label_events e
    join snapshots s
        on e.event_at > s.snapshot_at
        and e.event_at <= s.snapshot_at + make_interval(days => %(window_days)s)
),

labelled_snapshots as (
    select f.hub_id, f.friction_score, p.widget_id is not null as label
    from friction_snapshots f
    left join positive_snapshots p on p.snapshot_at = f.snapshot_at and p.widget_id = f.widget_id
),

-- hub_id NULL is the global scope (every hub id is not null)
score_counts as (
    select hub_id, friction_score, count(*) as snapshots, count(*) filter (where label) as positives
    from labelled_snapshots
    group by grouping sets ((friction_score), (hub_id, friction_score))
),

scope_totals as (
    select hub_id, sum(snapshots)::integer as sample_size, sum(positives)::integer as positives
    from score_counts
    group by hub_id
),

threshold_candidates as (
    select
        c.hub_id,
        c.friction_score as threshold,
        sum(c.positives) over descending_scores as true_positives,
        sum(c.snapshots) over descending_scores as flagged
    from score_counts c
    window descending_scores as (
        partition by c.hub_id order by c.friction_score desc
        rows between unbounded preceding and current row
    )
),

best_thresholds as (
    select distinct on (c.hub_id)
        c.hub_id,
        c.threshold,
        c.true_positives,
        c.flagged,
        t.positives
    from threshold_candidates c
    join scope_totals t on t.hub_id is not distinct from c.hub_id
    where c.threshold > 0
    -- exact: numeric division keeps ≥ 16 significant digits, far finer than 1/(n·m)
    order by c.hub_id, 2 * c.true_positives::numeric / (c.flagged + t.positives) desc, c.threshold
),

scopes as (
    select null::uuid as hub_id
    union all
    select id from hubs where created_at <= %(as_of)s
),

-- each scope's threshold in force just before as_of: its latest calibrated row
prior_thresholds as (
    select distinct on (scope_hub_id) scope_hub_id, threshold
    from adaptive_threshold_configs
    where metric = 'friction_score' and status <> 'insufficient_data' and as_of < %(as_of)s
    order by scope_hub_id, as_of desc
),

scope_results as (
    select
        s.hub_id,
        coalesce(own.threshold, glob.threshold, %(default_threshold)s) as previous_threshold,
        coalesce(t.sample_size, 0) as sample_size,
        coalesce(t.positives, 0) as positives,
        b.threshold as best_threshold,
        b.true_positives,
        b.flagged,
        coalesce(t.sample_size, 0) >= %(min_snapshots)s
            and coalesce(t.positives, 0) >= %(min_positives)s
            and b.threshold is not null as is_sufficient
    from scopes s
    left join scope_totals t on t.hub_id is not distinct from s.hub_id
    left join best_thresholds b on b.hub_id is not distinct from s.hub_id
    left join prior_thresholds own on own.scope_hub_id = s.hub_id
    left join prior_thresholds glob on glob.scope_hub_id is null
)

select
    hub_id as scope_hub_id,
    case when is_sufficient then best_threshold::double precision else previous_threshold end as threshold,
    case when is_sufficient then true_positives::double precision / flagged end as precision,
    case when is_sufficient then true_positives::double precision / positives end as recall,
    case when is_sufficient then 2 * true_positives::double precision / (flagged + positives) end as f1,
    sample_size,
    positives,
    case when is_sufficient then 'active' else 'insufficient_data' end as status,
    previous_threshold
from scope_results
