-- Lineage enrichment (SPEC §5, §6, §10; seed 002, Phase 12 T06).
--
-- decision_records.outcome_summary and requirement_candidates.outcome_summary
-- summarise every outcome signal reachable from the row:
--
--   {"improved": n, "regressed": n, "neutral": n, "inconclusive": n,
--    "total": n, "net_score": improved - regressed,
--    "last_signal_type": "<type of the latest signal of any type>",
--    "last_observed_at": "2026-03-01T12:00:00Z",
--    "deployment_count": <deployments with at least one signal>}
--
-- "Latest" orders by observed_at, then id. last_observed_at is that signal's
-- observed_at in UTC, formatted YYYY-MM-DDTHH:MM:SSZ: whole seconds, the
-- fraction truncated (not rounded), always a literal Z. The summary is NULL
-- while no signal reaches the row.
--
-- Lineage (§5): a decision's deployments are deployment_records.decision_id;
-- a decision links to candidate C = decision.candidate_id, or when that is
-- NULL, requirements(decision.requirement_id).source_candidate_id. A
-- candidate's summary covers the deployments of every decision linked to it.
--
-- The trigger keeps both columns current on insert; the batch function
-- recomputes them from scratch. Both go through refresh_outcome_summaries(),
-- so the trigger value always equals the batch value.

SET LOCAL search_path = public;

-- Summaries of arbitrary groups of deployments, as (group_id, deployment_id)
-- pairs given as two parallel arrays: one row per group that has at least
-- one signal. Set-based: one pass over the signals of all groups.
CREATE FUNCTION lineage_outcome_summaries(p_group_ids UUID[], p_deployment_ids UUID[])
RETURNS TABLE (group_id UUID, outcome_summary JSONB)
LANGUAGE sql STABLE
AS $$
    SELECT g.group_id,
           jsonb_build_object(
               'improved',         count(*) FILTER (WHERE s.signal_type = 'improved'),
               'regressed',        count(*) FILTER (WHERE s.signal_type = 'regressed'),
               'neutral',          count(*) FILTER (WHERE s.signal_type = 'neutral'),
               'inconclusive',     count(*) FILTER (WHERE s.signal_type = 'inconclusive'),
               'total',            count(*),
               'net_score',        count(*) FILTER (WHERE s.signal_type = 'improved')
                                   - count(*) FILTER (WHERE s.signal_type = 'regressed'),
               'last_signal_type', (array_agg(s.signal_type ORDER BY s.observed_at DESC, s.id DESC))[1],
               'last_observed_at', to_char(max(s.observed_at) AT TIME ZONE 'UTC',
                                           'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
               'deployment_count', count(DISTINCT s.deployment_id))
      FROM (SELECT DISTINCT u.group_id, u.deployment_id
              FROM unnest(p_group_ids, p_deployment_ids) AS u (group_id, deployment_id)) AS g
      JOIN public.outcome_signals AS s ON s.deployment_id = g.deployment_id
     GROUP BY g.group_id
$$;

-- The summary of all signals of the given deployments; NULL when there is none.
-- (All deployments form one group, keyed NULL.)
CREATE FUNCTION lineage_outcome_summary(p_deployment_ids UUID[])
RETURNS JSONB
LANGUAGE sql STABLE
AS $$
    SELECT s.outcome_summary
      FROM public.lineage_outcome_summaries(
               array_fill(NULL::UUID, ARRAY[COALESCE(cardinality(p_deployment_ids), 0)]),
               p_deployment_ids) AS s
$$;

-- Recompute the summaries of the given decisions and of every candidate
-- linked to them, from all signals. Only rows whose value changes are
-- written, so a rerun costs reads only. Returns the number of rows written.
--
-- Concurrency (READ COMMITTED): the decision rows, then the candidate rows,
-- are locked in id order before anything is computed, and the recompute runs
-- in later statements. Each PL/pgSQL statement takes a fresh snapshot, so it
-- sees every signal committed by the transactions that held these locks
-- before us; computing inside one UPDATE would use a snapshot taken before
-- the lock wait and lose their signals. The fixed order (all decisions, then
-- all candidates, each by id) means single-statement writers cannot
-- deadlock. FOR NO KEY UPDATE is the UPDATE's own lock strength: unlike
-- FOR UPDATE it does not conflict with the KEY SHARE locks taken by
-- concurrent inserts of deployments or requirements that reference these
-- rows, which would otherwise be a deadlock source for loaders. Under
-- REPEATABLE READ the lock raises a serialization failure instead (retry).
CREATE FUNCTION refresh_outcome_summaries(p_decision_ids UUID[])
RETURNS INTEGER
LANGUAGE plpgsql
AS $$
DECLARE
    v_decision_ids   UUID[];
    v_candidate_ids  UUID[];
    v_group_ids      UUID[];
    v_deployment_ids UUID[];
    v_written        INTEGER;
    v_total          INTEGER := 0;
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
                              FROM public.decision_records AS d
                              LEFT JOIN public.requirements AS r ON r.id = d.requirement_id
                             WHERE d.id = ANY (v_decision_ids))
             ORDER BY c.id
               FOR NO KEY UPDATE) AS locked;

    -- Decisions: their own deployments.
    SELECT array_agg(dep.decision_id), array_agg(dep.id)
      INTO v_group_ids, v_deployment_ids
      FROM public.deployment_records AS dep
     WHERE dep.decision_id = ANY (v_decision_ids);

    UPDATE public.decision_records AS d
       SET outcome_summary = s.outcome_summary
      FROM unnest(v_decision_ids) AS t (id)
      LEFT JOIN public.lineage_outcome_summaries(v_group_ids, v_deployment_ids) AS s
             ON s.group_id = t.id
     WHERE d.id = t.id
       AND d.outcome_summary IS DISTINCT FROM s.outcome_summary;
    GET DIAGNOSTICS v_written = ROW_COUNT;
    v_total := v_total + v_written;

    -- Candidates: the deployments of every decision linked to them, either
    -- directly or (candidate_id NULL) through the decision's requirement.
    SELECT array_agg(link.candidate_id), array_agg(dep.id)
      INTO v_group_ids, v_deployment_ids
      FROM (SELECT d.candidate_id, d.id AS decision_id
              FROM public.decision_records AS d
             WHERE d.candidate_id = ANY (v_candidate_ids)
            UNION ALL
            SELECT r.source_candidate_id, d.id
              FROM public.requirements AS r
              JOIN public.decision_records AS d
                ON d.requirement_id = r.id AND d.candidate_id IS NULL
             WHERE r.source_candidate_id = ANY (v_candidate_ids)) AS link
      JOIN public.deployment_records AS dep ON dep.decision_id = link.decision_id;

    UPDATE public.requirement_candidates AS c
       SET outcome_summary = s.outcome_summary
      FROM unnest(v_candidate_ids) AS t (id)
      LEFT JOIN public.lineage_outcome_summaries(v_group_ids, v_deployment_ids) AS s
             ON s.group_id = t.id
     WHERE c.id = t.id
       AND c.outcome_summary IS DISTINCT FROM s.outcome_summary;
    GET DIAGNOSTICS v_written = ROW_COUNT;
    RETURN v_total + v_written;
END;
$$;

-- Statement-level, with a transition table: a COPY or multi-row INSERT
-- refreshes each affected decision once. Like the signal itself, the
-- refresh commits or rolls back with the inserting transaction. It runs with
-- the inserting role's rights: that role needs SELECT on the lineage tables
-- and UPDATE on decision_records and requirement_candidates.
CREATE FUNCTION enrich_lineage_on_outcome()
RETURNS TRIGGER
LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM public.refresh_outcome_summaries(ARRAY(
        SELECT DISTINCT dep.decision_id
          FROM new_signals AS n
          JOIN public.deployment_records AS dep ON dep.id = n.deployment_id));
    RETURN NULL;
END;
$$;

CREATE TRIGGER trg_enrich_lineage
    AFTER INSERT ON outcome_signals
    REFERENCING NEW TABLE AS new_signals
    FOR EACH STATEMENT EXECUTE FUNCTION enrich_lineage_on_outcome();

-- Backfill: recompute from scratch the summaries of every decision having a
-- signal observed in [since, until) (NULL = unbounded), and of their
-- candidates. Touches nothing else, is idempotent, and returns the number of
-- decisions recomputed.
CREATE FUNCTION enrich_lineage_on_outcome_batch(since TIMESTAMPTZ DEFAULT NULL,
                                                until TIMESTAMPTZ DEFAULT NULL)
RETURNS INTEGER
LANGUAGE plpgsql
AS $$
DECLARE
    v_decision_ids UUID[];
BEGIN
    SELECT array_agg(DISTINCT dep.decision_id) INTO v_decision_ids
      FROM public.outcome_signals AS s
      JOIN public.deployment_records AS dep ON dep.id = s.deployment_id
     WHERE s.observed_at >= COALESCE(since, '-infinity')
       AND s.observed_at <  COALESCE(until, 'infinity');

    PERFORM public.refresh_outcome_summaries(v_decision_ids);
    RETURN COALESCE(cardinality(v_decision_ids), 0);
END;
$$;
