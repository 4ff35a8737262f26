-- The deployments whose outcome_correlations rows this run recomputes.
--
-- Full run (since NULL): every deployment of the lineage deployed <= as_of,
-- and every deployment that still has rows (so rows no longer produced, e.g.
-- after a rerun for an earlier as_of, are deleted).
--
-- Incremental run (since = the as_of of the previous run, W unchanged): the
-- rows of a deployment depend on history through its windows [d - L, d + L),
-- its signals and the annotations that can set regression_detected. Moving
-- as_of from `since` to `as_of` changes rows only through what happened in
-- (since, as_of]:
--   * young deployments, deployed after since - W: L and the post window move;
--     every new annotation or event lands in windows ending after since, which
--     are theirs only;
--   * deployments with a signal observed in the new day (outcome, regression);
--   * annotations retracted in the new day: deployments on the annotation's
--     widget whose windows can hold it (deployed within W of its creation);
--   * high/critical annotations created or retracted in the new day: deployments
--     on the widget with an improved signal in the W days before it;
--   * annotations created or retracted in the new day that belong to a
--     candidate's A(C) (source annotation or source thread);
--   * retraction markers of the new day: deployments whose windows can hold
--     the event they name.
-- Rows whose own timestamps are <= since and that arrive after the previous
-- run (late data) are not seen here: SPEC §10's point-in-time reading
-- assumes history is not rewritten; `ihf nightly --full` recomputes all.
-- Parameters: as_of, since (timestamptz or NULL), window_days (W).
CREATE TEMP TABLE affected_deployments ON COMMIT DROP AS
WITH
lineage AS (
    SELECT dl.deployment_id, dl.candidate_id, dl.widget_id, dl.deployed_at
    FROM deployment_lineage AS dl
    WHERE dl.deployed_at <= %(as_of)s::timestamptz
      AND dl.candidate_id IS NOT NULL
),

day_annotations AS (
    SELECT a.id, a.widget_id, a.thread_id, a.created_at, a.retracted_at > %(since)s::timestamptz AS retracted_today,
           a.severity IN ('high', 'critical') AS can_flag_regression
    FROM annotations AS a
    WHERE (a.created_at > %(since)s::timestamptz AND a.created_at <= %(as_of)s::timestamptz)
       OR (a.retracted_at > %(since)s::timestamptz AND a.retracted_at <= %(as_of)s::timestamptz)
),

day_retracted_events AS (
    SELECT e.widget_id, e.occurred_at
    FROM interaction_events AS m
    JOIN interaction_events AS e
      ON e.id = CASE
                    WHEN btrim(m.metadata ->> 'retracted_event_id')
                         ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                    THEN btrim(m.metadata ->> 'retracted_event_id')::uuid
                END
    WHERE m.event_type = 'retracted'
      AND m.occurred_at > %(since)s::timestamptz
      AND m.occurred_at <= %(as_of)s::timestamptz
),

-- What the new day took out of windows that may be closed: retracted
-- annotations and the events the day's markers name, at their own instants.
day_uncounted AS (
    SELECT a.widget_id, a.created_at AS at FROM day_annotations AS a WHERE a.retracted_today
    UNION ALL
    SELECT e.widget_id, e.occurred_at FROM day_retracted_events AS e
)

SELECT l.deployment_id
FROM lineage AS l
WHERE %(since)s::timestamptz IS NULL
   OR l.deployed_at > %(since)s::timestamptz - make_interval(hours => 24 * %(window_days)s::int)
UNION
SELECT v.deployment_id
FROM outcome_correlation_values AS v
WHERE %(since)s::timestamptz IS NULL
UNION
SELECT l.deployment_id
FROM lineage AS l
JOIN outcome_signals AS s ON s.deployment_id = l.deployment_id
WHERE s.observed_at > %(since)s::timestamptz
  AND s.observed_at <= %(as_of)s::timestamptz
UNION
SELECT l.deployment_id  -- windows [d - L, d + L) with L <= W that can hold the instant
FROM day_uncounted AS u
JOIN lineage AS l
  ON l.widget_id = u.widget_id
 AND l.deployed_at > u.at - make_interval(hours => 24 * %(window_days)s::int)
 AND l.deployed_at <= u.at + make_interval(hours => 24 * %(window_days)s::int)
UNION
SELECT l.deployment_id
FROM day_annotations AS a
JOIN lineage AS l ON l.widget_id = a.widget_id
JOIN outcome_signals AS s
  ON s.deployment_id = l.deployment_id
 AND s.signal_type = 'improved'
 AND s.observed_at >= a.created_at - make_interval(hours => 24 * %(window_days)s::int)
 AND s.observed_at < a.created_at
WHERE a.can_flag_regression
UNION
SELECT l.deployment_id  -- A(C) as candidate_source_annotations defines it, probed by index
FROM day_annotations AS a
JOIN requirement_candidates AS c ON c.source_annotation_id = a.id OR c.source_thread_id = a.thread_id
JOIN lineage AS l ON l.candidate_id = c.id

