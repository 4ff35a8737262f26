-- One row per deployment of this run (affected_deployments: all of them, or
-- those the new day can change) deployed <= as_of whose lineage reaches a
-- candidate (SPEC §5), with everything about it that does not depend on the source
-- annotation: its pre/post windows, their interaction-event counts, its
-- outcome and regression_detected (SPEC §7.1, §10). Computed once per
-- deployment; create_computed_correlations.sql fans it out per annotation.
--
-- Intervals are built from hours, never days: '1 day' follows the session
-- time zone's calendar across DST changes, L is in exact 24-hour days.
-- as_of is bound directly (not through a CTE) so the planner sees its value.
-- Parameters: as_of (timestamptz), window_days (W).
CREATE TEMP TABLE deployment_windows ON COMMIT DROP AS
WITH
deployments AS (
    SELECT
        dl.deployment_id, dl.decision_id, dl.candidate_id, dl.widget_id, dl.hub_id, dl.deployed_at,
        -- L = min(W, as_of - deployed_at), in seconds
        least(%(window_days)s::int * 86400, extract(epoch FROM %(as_of)s::timestamptz - dl.deployed_at)) AS half_window_s
    FROM deployment_lineage AS dl
    WHERE dl.deployed_at <= %(as_of)s::timestamptz
      AND dl.candidate_id IS NOT NULL
      AND dl.deployment_id IN (SELECT deployment_id FROM affected_deployments)
),

windows AS (
    SELECT
        d.*,
        d.half_window_s / 86400.0 AS window_days,
        d.deployed_at - make_interval(secs => d.half_window_s) AS pre_start,
        d.deployed_at + make_interval(secs => d.half_window_s) AS post_end
    FROM deployments AS d
),

-- Latest non-inconclusive signal by (observed_at, id); all inconclusive → inconclusive.
outcomes AS (
    SELECT DISTINCT ON (s.deployment_id) s.deployment_id, s.signal_type AS signal_outcome
    FROM outcome_signals AS s
    WHERE s.observed_at <= %(as_of)s::timestamptz
      AND s.deployment_id IN (SELECT deployment_id FROM affected_deployments)
    ORDER BY s.deployment_id, (s.signal_type <> 'inconclusive') DESC, s.observed_at DESC, s.id DESC
),

-- An improved signal followed within W by a high/critical annotation on the widget.
regressions AS (
    SELECT DISTINCT w.deployment_id
    FROM windows AS w
    JOIN outcome_signals AS s ON s.deployment_id = w.deployment_id
    WHERE s.signal_type = 'improved'
      AND s.observed_at <= %(as_of)s::timestamptz
      AND EXISTS (
          SELECT 1
          FROM annotations AS a
          WHERE a.widget_id = w.widget_id
            AND a.severity IN ('high', 'critical')
            AND a.created_at > s.observed_at
            AND a.created_at <= least(s.observed_at + make_interval(hours => 24 * %(window_days)s::int), %(as_of)s::timestamptz)
            AND (a.retracted_at IS NULL OR a.retracted_at > %(as_of)s::timestamptz)
      )
),

-- Events that are never counted: retraction markers, and the events a marker
-- visible at as_of names (resolved in retracted_events, refreshed by the asset
-- first). A small set, subtracted from the window totals below so that those
-- can be counted from the (widget_id, occurred_at) index alone.
uncounted_events AS (
    SELECT r.marker_id AS id, r.marker_widget_id AS widget_id, r.marker_occurred_at AS occurred_at
    FROM retracted_events AS r
    WHERE r.marker_occurred_at <= %(as_of)s::timestamptz
    UNION
    SELECT r.named_event_id, r.named_widget_id, r.named_occurred_at
    FROM retracted_events AS r
    WHERE r.marker_occurred_at <= %(as_of)s::timestamptz
      AND r.named_widget_id IS NOT NULL
),

uncounted_in_windows AS (
    SELECT
        w.deployment_id,
        count(*) FILTER (WHERE u.occurred_at < w.deployed_at) AS pre_uncounted,
        count(*) FILTER (WHERE u.occurred_at >= w.deployed_at) AS post_uncounted
    FROM windows AS w
    JOIN uncounted_events AS u
      ON u.widget_id = w.widget_id
     AND u.occurred_at >= w.pre_start
     AND u.occurred_at < w.post_end
    GROUP BY w.deployment_id
)

SELECT
    w.deployment_id, w.decision_id, w.candidate_id, w.widget_id, w.hub_id, w.deployed_at,
    w.window_days, w.pre_start, w.post_end,
    o.signal_outcome,
    r.deployment_id IS NOT NULL AS regression_detected,
    (totals.pre_events - coalesce(u.pre_uncounted, 0))::int AS pre_events,
    (totals.post_events - coalesce(u.post_uncounted, 0))::int AS post_events
FROM windows AS w
CROSS JOIN LATERAL (
    SELECT
        count(*) FILTER (WHERE e.occurred_at < w.deployed_at) AS pre_events,
        count(*) FILTER (WHERE e.occurred_at >= w.deployed_at) AS post_events
    FROM interaction_events AS e
    WHERE e.widget_id = w.widget_id
      AND e.occurred_at >= w.pre_start
      AND e.occurred_at < w.post_end
) AS totals
LEFT JOIN outcomes AS o ON o.deployment_id = w.deployment_id
LEFT JOIN regressions AS r ON r.deployment_id = w.deployment_id
LEFT JOIN uncounted_in_windows AS u ON u.deployment_id = w.deployment_id
