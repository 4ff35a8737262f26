-- Lineage enrichment, faster (issue #5). Same values, same locking protocol
-- and same entry points as 0005; only the way the summaries are computed and
-- compared changes:
--
--   * signals are aggregated once per deployment (counts by type and the
--     latest signal), and those figures are rolled up to decisions and to
--     candidates, instead of sorting every signal of every group and
--     counting distinct deployments;
--   * decisions and candidates are recomputed from one pass over their
--     signals and written in one statement;
--   * a summary is built as text in jsonb's own output form, so an unchanged
--     stored summary is recognised by comparing texts; building and comparing
--     jsonb values only happens for the rows that change.
--
-- The trigger and the batch still both go through refresh_outcome_summaries().

SET LOCAL search_path = public;

-- The outcome_summary (SPEC §6, §10) of a group's figures, as text; NULL when
-- the group has no signal. The text is exactly what jsonb prints for that
-- value (keys ordered by length, then bytewise; ", " and ": " separators), so
-- outcome_summary::text = lineage_summary_text(...) implies equal values.
-- The converse does not hold (5.0 = 5), so callers that find the texts
-- different still compare the jsonb values before writing.
CREATE FUNCTION lineage_summary_text(improved BIGINT, regressed BIGINT, neutral BIGINT, inconclusive BIGINT,
                                     total BIGINT, deployment_count BIGINT,
                                     last_signal_type TEXT, last_observed_at TIMESTAMPTZ)
RETURNS TEXT
LANGUAGE sql STABLE
AS $$
    SELECT CASE WHEN total > 0 THEN
              '{"total": ' || total
           || ', "neutral": ' || neutral
           || ', "improved": ' || improved
           || ', "net_score": ' || (improved - regressed)
           || ', "regressed": ' || regressed
           || ', "inconclusive": ' || inconclusive
           || ', "deployment_count": ' || deployment_count
           || ', "last_observed_at": "'
           || to_char(last_observed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
           || '", "last_signal_type": ' || to_json(last_signal_type)::TEXT
           || '}'
           END
$$;

-- One row per given deployment that has at least one signal: its signal
-- counts by type and its latest signal (by observed_at, then id). One
-- aggregation pass; the ordered aggregates share one sort.
CREATE FUNCTION lineage_deployment_figures(p_deployment_ids UUID[])
RETURNS TABLE (deployment_id UUID, improved INTEGER, regressed INTEGER, neutral INTEGER, inconclusive INTEGER,
               total INTEGER, last_observed_at TIMESTAMPTZ, last_id UUID, last_signal_type TEXT)
LANGUAGE sql STABLE
AS $$
    SELECT s.deployment_id,
           (count(*) FILTER (WHERE s.signal_type = 'improved'))::INTEGER,
           (count(*) FILTER (WHERE s.signal_type = 'regressed'))::INTEGER,
           (count(*) FILTER (WHERE s.signal_type = 'neutral'))::INTEGER,
           (count(*) FILTER (WHERE s.signal_type = 'inconclusive'))::INTEGER,
           count(*)::INTEGER,
           max(s.observed_at),
           (array_agg(s.id ORDER BY s.observed_at DESC, s.id DESC))[1],
           (array_agg(s.signal_type ORDER BY s.observed_at DESC, s.id DESC))[1]
      FROM public.outcome_signals AS s
     WHERE s.deployment_id = ANY (p_deployment_ids)
     GROUP BY s.deployment_id
$$;

-- Same contract as in 0005: one row per group with at least one signal.
CREATE OR REPLACE FUNCTION lineage_outcome_summaries(p_group_ids UUID[], p_deployment_ids UUID[])
RETURNS TABLE (group_id UUID, outcome_summary JSONB)
LANGUAGE sql STABLE
AS $$
    SELECT g.group_id,
           public.lineage_summary_text(
               sum(f.improved), sum(f.regressed), sum(f.neutral), sum(f.inconclusive), sum(f.total), count(*),
               (array_agg(f.last_signal_type ORDER BY f.last_observed_at DESC, f.last_id DESC))[1],
               max(f.last_observed_at))::JSONB
      FROM (SELECT DISTINCT u.group_id, u.deployment_id
              FROM unnest(p_group_ids, p_deployment_ids) AS u (group_id, deployment_id)) AS g
      JOIN public.lineage_deployment_figures(p_deployment_ids) AS f ON f.deployment_id = g.deployment_id
     GROUP BY g.group_id
$$;

-- Recompute the summaries of the given decisions and of every candidate
-- linked to them, from all signals; write only the rows whose value changes.
-- Returns the number of rows written.
--
-- Locking is unchanged from 0005 (see there): the decision rows, then the
-- candidate rows, FOR NO KEY UPDATE in id order, before anything is
-- computed; the recompute runs in later statements, so with fresh snapshots.
-- plan_cache_mode: the arrays range from one id (a single-row insert) to
-- every decision (a backfill), so each statement is planned for its size.
CREATE OR REPLACE FUNCTION refresh_outcome_summaries(p_decision_ids UUID[])
RETURNS INTEGER
LANGUAGE plpgsql
SET plan_cache_mode = force_custom_plan
AS $$
DECLARE
    v_decision_ids   UUID[];
    v_candidate_ids  UUID[];
    v_linked_ids     UUID[];
    v_deployment_ids UUID[];
    v_written        INTEGER;
BEGIN
    SELECT array_agg(locked.id ORDER BY locked.id) INTO v_decision_ids
      FROM (SELECT d.id
              FROM public.decision_records AS d
             WHERE d.id = ANY (p_decision_ids)
             ORDER BY d.id
               FOR NO KEY UPDATE) AS locked;
    IF v_decision_ids IS NULL THEN
        RETURN 0;
    END IF;

    SELECT array_agg(locked.id ORDER BY locked.id) INTO v_candidate_ids
      FROM (SELECT c.id
              FROM public.requirement_candidates AS c
             WHERE c.id IN (SELECT COALESCE(d.candidate_id, r.source_candidate_id)
                              FROM unnest(v_decision_ids) AS t (id)
                              JOIN public.decision_records AS d ON d.id = t.id
                              LEFT JOIN public.requirements AS r ON r.id = d.requirement_id)
             ORDER BY c.id
               FOR NO KEY UPDATE) AS locked;

    -- Every deployment a summary covers: those of the locked decisions and of
    -- every decision linked to a locked candidate, directly or (candidate_id
    -- NULL) through its requirement.
    SELECT array_agg(DISTINCT linked.id) INTO v_linked_ids
      FROM (SELECT unnest(v_decision_ids) AS id
            UNION ALL
            SELECT d.id
              FROM unnest(v_candidate_ids) AS t (id)
              JOIN public.decision_records AS d ON d.candidate_id = t.id
            UNION ALL
            SELECT d.id
              FROM unnest(v_candidate_ids) AS t (id)
              JOIN public.requirements AS r ON r.source_candidate_id = t.id
              JOIN public.decision_records AS d ON d.requirement_id = r.id AND d.candidate_id IS NULL) AS linked;
    SELECT array_agg(dep.id) INTO v_deployment_ids
      FROM unnest(v_linked_ids) AS t (id)
      JOIN public.deployment_records AS dep ON dep.decision_id = t.id;

    -- The deployments' figures rolled up by decision and by candidate, in one
    -- GROUP BY whose ordered aggregate shares its sort; then the rows whose
    -- summary changes (texts first, jsonb values where the texts differ).
    WITH figures AS (
        SELECT dep.decision_id, COALESCE(d.candidate_id, r.source_candidate_id) AS candidate_id, fig.*
          FROM public.lineage_deployment_figures(v_deployment_ids) AS fig
          JOIN public.deployment_records AS dep ON dep.id = fig.deployment_id
          JOIN public.decision_records AS d ON d.id = dep.decision_id
          LEFT JOIN public.requirements AS r ON r.id = d.requirement_id
    ),
    rollup AS (
        SELECT g.is_decision, g.id,
               public.lineage_summary_text(
                   sum(g.improved), sum(g.regressed), sum(g.neutral), sum(g.inconclusive), sum(g.total), count(*),
                   (array_agg(g.last_signal_type ORDER BY g.last_observed_at DESC, g.last_id DESC))[1],
                   max(g.last_observed_at)) AS summary
          FROM (SELECT TRUE AS is_decision, f.decision_id AS id, f.* FROM figures AS f
                UNION ALL
                SELECT FALSE, f.candidate_id, f.* FROM figures AS f WHERE f.candidate_id IS NOT NULL) AS g
         GROUP BY g.is_decision, g.id
    ),
    stored AS (
        SELECT TRUE AS is_decision, d.id, d.outcome_summary
          FROM unnest(v_decision_ids) AS t (id)
          JOIN public.decision_records AS d ON d.id = t.id
        UNION ALL
        SELECT FALSE, c.id, c.outcome_summary
          FROM unnest(v_candidate_ids) AS t (id)
          JOIN public.requirement_candidates AS c ON c.id = t.id
    ),
    changed AS MATERIALIZED (
        SELECT t.is_decision, t.id, s.summary::JSONB AS outcome_summary
          FROM stored AS t
          LEFT JOIN rollup AS s ON s.is_decision = t.is_decision AND s.id = t.id
         WHERE t.outcome_summary::TEXT IS DISTINCT FROM s.summary
    ),
    decisions AS (
        UPDATE public.decision_records AS d
           SET outcome_summary = c.outcome_summary
          FROM changed AS c
         WHERE c.is_decision AND d.id = c.id
           AND d.outcome_summary IS DISTINCT FROM c.outcome_summary
        RETURNING 1
    ),
    candidates AS (
        UPDATE public.requirement_candidates AS rc
           SET outcome_summary = c.outcome_summary
          FROM changed AS c
         WHERE NOT c.is_decision AND rc.id = c.id
           AND rc.outcome_summary IS DISTINCT FROM c.outcome_summary
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM decisions) + (SELECT count(*) FROM candidates) INTO v_written;
    RETURN v_written;
END;
$$;

-- Backfill: as in 0005, the decisions having a signal observed in
-- [since, until), found by a semi-join of deployments to signals.
CREATE OR REPLACE FUNCTION enrich_lineage_on_outcome_batch(since TIMESTAMPTZ DEFAULT NULL,
                                                           until TIMESTAMPTZ DEFAULT NULL)
RETURNS INTEGER
LANGUAGE plpgsql
SET plan_cache_mode = force_custom_plan
AS $$
DECLARE
    v_decision_ids UUID[];
BEGIN
    SELECT array_agg(DISTINCT dep.decision_id) INTO v_decision_ids
      FROM public.deployment_records AS dep
     WHERE EXISTS (SELECT 1
                     FROM public.outcome_signals AS s
                    WHERE s.deployment_id = dep.id
                      AND s.observed_at >= COALESCE(since, '-infinity')
                      AND s.observed_at <  COALESCE(until, 'infinity'));

    PERFORM public.refresh_outcome_summaries(v_decision_ids);
    RETURN COALESCE(cardinality(v_decision_ids), 0);
END;
$$;
