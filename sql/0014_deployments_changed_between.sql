-- Which deployments a later as_of can change, written once (issue #11).
--
-- The correlation engine (outcome_correlations) and the dbt marts at the
-- deployment's grain (int_deployment_impact, lineage_chain) are maintained
-- incrementally: a run for as_of after the previous run's `since` recomputes
-- only the deployments this function returns, and keeps every other row.
--
-- A deployment's point-in-time rows depend on history through its windows
-- [d - L, d + L) with L = min(W, as_of - d), its signals, the annotations that
-- can set regression_detected, its candidate's source annotations A(C), its
-- change evaluations and its decision's implementation references. Moving
-- as_of from `since` to `as_of` changes them only through what happened in
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
--     the event they name;
--   * change evaluations of the new day, implementation references linked in it.
-- Rows whose own timestamps are <= since and that arrive after the previous
-- run (late data) are not seen here: SPEC §10's point-in-time reading assumes
-- history is not rewritten; a full run recomputes all. since NULL means no
-- previous run: every deployment deployed <= as_of.
--
-- PL/pgSQL so that each call is planned for its arguments (a SQL function's
-- body is planned with unknown parameters).

SET LOCAL search_path = public;

CREATE FUNCTION deployments_changed_between(since TIMESTAMPTZ, as_of TIMESTAMPTZ, window_days INTEGER)
RETURNS TABLE (deployment_id UUID)
LANGUAGE plpgsql STABLE
SET search_path = public
AS $$
BEGIN
    IF since IS NULL THEN
        RETURN QUERY SELECT dl.deployment_id FROM deployment_lineage AS dl WHERE dl.deployed_at <= as_of;
        RETURN;
    END IF;
    RETURN QUERY
    WITH
    lineage AS (
        SELECT dl.deployment_id, dl.decision_id, dl.candidate_id, dl.widget_id, dl.deployed_at
        FROM deployment_lineage AS dl
        WHERE dl.deployed_at <= as_of
    ),

    day_annotations AS (
        SELECT a.id, a.widget_id, a.thread_id, a.created_at, a.retracted_at > since AS retracted_today,
               a.severity IN ('high', 'critical') AS can_flag_regression
        FROM annotations AS a
        WHERE (a.created_at > since AND a.created_at <= as_of)
           OR (a.retracted_at > since AND a.retracted_at <= as_of)
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
          AND m.occurred_at > since
          AND m.occurred_at <= as_of
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
    WHERE l.deployed_at > since - make_interval(hours => 24 * window_days)
    UNION
    SELECT l.deployment_id
    FROM lineage AS l
    JOIN outcome_signals AS s ON s.deployment_id = l.deployment_id
    WHERE s.observed_at > since
      AND s.observed_at <= as_of
    UNION
    SELECT l.deployment_id  -- windows [d - L, d + L) with L <= W that can hold the instant
    FROM day_uncounted AS u
    JOIN lineage AS l
      ON l.widget_id = u.widget_id
     AND l.deployed_at > u.at - make_interval(hours => 24 * window_days)
     AND l.deployed_at <= u.at + make_interval(hours => 24 * window_days)
    UNION
    SELECT l.deployment_id
    FROM day_annotations AS a
    JOIN lineage AS l ON l.widget_id = a.widget_id
    JOIN outcome_signals AS s
      ON s.deployment_id = l.deployment_id
     AND s.signal_type = 'improved'
     AND s.observed_at >= a.created_at - make_interval(hours => 24 * window_days)
     AND s.observed_at < a.created_at
    WHERE a.can_flag_regression
    UNION
    SELECT l.deployment_id  -- A(C) as candidate_source_annotations defines it, probed by index
    FROM day_annotations AS a
    JOIN requirement_candidates AS c ON c.source_annotation_id = a.id OR c.source_thread_id = a.thread_id
    JOIN lineage AS l ON l.candidate_id = c.id
    UNION
    SELECT l.deployment_id
    FROM change_evaluations AS ce
    JOIN lineage AS l ON l.deployment_id = ce.deployment_id
    WHERE ce.evaluated_at > since
      AND ce.evaluated_at <= as_of
    UNION
    SELECT l.deployment_id
    FROM implementation_change_references AS i
    JOIN lineage AS l ON l.decision_id = i.decision_id
    WHERE i.linked_at > since
      AND i.linked_at <= as_of;
END;
$$;

COMMENT ON FUNCTION deployments_changed_between(TIMESTAMPTZ, TIMESTAMPTZ, INTEGER) IS
    'Deployments whose point-in-time rows at as_of can differ from those at since (NULL: all deployed <= as_of); sql/0014 lists the rules.';
