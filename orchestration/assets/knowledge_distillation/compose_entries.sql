-- Compose the knowledge entry of every decision created <= as_of from its whole
-- lineage (SPEC §5, §7.4), into temp table composed_entries (dropped at commit).
--
-- Point in time (§10): child rows count only when their own timestamp is
-- <= as_of, and an annotation is retracted only if retracted_at <= as_of. The
-- outcome summary covers every signal (the §10 exception). Timestamps are
-- rendered in UTC and every list has a total order, so the text - and its
-- fingerprint - does not depend on the session's TimeZone or on plan choice.
--
-- Incremental (since = the as_of of the previous run): only the decisions
-- whose lineage gained or lost something in (since, as_of] are composed;
-- since NULL composes every decision. Edits that leave no timestamp (a
-- decision's rationale rewritten) are picked up by a full run.
--
-- Slice (slice_index of slice_count, by the last byte of the decision id): the
-- fingerprint check composes one slice per incremental night; 0 of 1 is all.
CREATE TEMP TABLE composed_entries ON COMMIT DROP AS
WITH changed_decisions AS (
    SELECT dr.id AS decision_id
      FROM decision_records dr
     WHERE dr.created_at > %(since)s AND dr.created_at <= %(as_of)s
    UNION
    -- deployments, their outcomes and evaluations
    SELECT d.decision_id
      FROM deployments_changed_between(%(since)s, %(as_of)s, %(window_days)s) AS changed
      JOIN deployment_records d ON d.id = changed.deployment_id
    UNION
    SELECT p.decision_id FROM policy_references p WHERE p.created_at > %(since)s AND p.created_at <= %(as_of)s
    UNION
    SELECT i.decision_id
      FROM implementation_change_references i
     WHERE i.linked_at > %(since)s AND i.linked_at <= %(as_of)s
),
-- candidates whose A(C) gained or lost an annotation (their decisions may have no deployment)
changed_candidates AS (
    SELECT c.id AS candidate_id
      FROM annotations a
      JOIN requirement_candidates c ON c.source_annotation_id = a.id OR c.source_thread_id = a.thread_id
     WHERE (a.created_at > %(since)s AND a.created_at <= %(as_of)s)
        OR (a.retracted_at > %(since)s AND a.retracted_at <= %(as_of)s)
),
decisions AS (
    SELECT dr.id AS decision_id, dr.title, dr.rationale, dr.outcome, dr.notes, dr.outcome_summary,
           r.title AS requirement_title, r.description AS requirement_description,
           c.id AS candidate_id, c.title AS candidate_title, c.description AS candidate_description,
           c.category, w.id AS widget_id, w.name AS widget_name, w.widget_type, h.id AS hub_id, h.slug AS hub_slug
      FROM decision_records dr
      LEFT JOIN requirements r ON r.id = dr.requirement_id
      LEFT JOIN requirement_candidates c ON c.id = COALESCE(dr.candidate_id, r.source_candidate_id)
      LEFT JOIN widgets w ON w.id = c.source_widget_id
      LEFT JOIN hubs h ON h.id = w.hub_id
     WHERE dr.created_at <= %(as_of)s
       AND get_byte(uuid_send(dr.id), 15) %% %(slice_count)s = %(slice_index)s
       AND (%(since)s::timestamptz IS NULL
            OR dr.id IN (SELECT decision_id FROM changed_decisions)
            OR c.id IN (SELECT candidate_id FROM changed_candidates))
),
-- A(C) of the entries' candidates. Few entries (an incremental run, one slice of the
-- check): the view is probed per candidate (`OFFSET 0` keeps the lateral subquery a probe
-- instead of a join resolving the view's union for every candidate: 4.0 -> 2.3 s for a
-- seventh at `large`); every entry: the view resolved once is cheaper (7.6 s vs 12.9 s).
candidate_links AS (
    SELECT csa.candidate_id, csa.annotation_id
      FROM candidate_source_annotations csa
     WHERE NOT %(probe_candidates)s
       AND csa.candidate_id IN (SELECT candidate_id FROM decisions)
    UNION ALL
    SELECT c.candidate_id, csa.annotation_id
      FROM (SELECT DISTINCT candidate_id FROM decisions WHERE candidate_id IS NOT NULL) c
     CROSS JOIN LATERAL (
           SELECT csa.annotation_id
             FROM candidate_source_annotations csa
            WHERE csa.candidate_id = c.candidate_id
           OFFSET 0
           ) csa
     WHERE %(probe_candidates)s
),
source_annotations AS (
    SELECT l.candidate_id,
           string_agg('- ' || a.body, E'\n' ORDER BY a.created_at, a.id) AS lines
      FROM candidate_links l
      JOIN annotations a ON a.id = l.annotation_id
     WHERE a.created_at <= %(as_of)s
       AND (a.retracted_at IS NULL OR a.retracted_at > %(as_of)s)
     GROUP BY l.candidate_id
),
deployments AS (
    SELECT d.id AS deployment_id, d.decision_id, d.version_ref, d.deployed_at
      FROM deployment_records d
     WHERE d.decision_id IN (SELECT decision_id FROM decisions)
       AND d.deployed_at <= %(as_of)s
),
-- §5 deployment outcome: latest non-inconclusive signal, else inconclusive.
deployment_outcomes AS (
    SELECT DISTINCT ON (s.deployment_id) s.deployment_id, s.signal_type AS outcome
      FROM outcome_signals s
     WHERE s.deployment_id IN (SELECT deployment_id FROM deployments)
       AND s.observed_at <= %(as_of)s
     ORDER BY s.deployment_id, s.signal_type = 'inconclusive', s.observed_at DESC, s.id DESC
),
deployment_lines AS (
    SELECT d.decision_id,
           string_agg(format('- %%s deployed %%s (%%s)', d.version_ref,
                             to_char(d.deployed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                             COALESCE(o.outcome, 'no signal yet')),
                      E'\n' ORDER BY d.deployed_at, d.deployment_id) AS lines,
           string_agg(COALESCE(o.outcome, 'no signal yet'), ', ' ORDER BY d.deployed_at, d.deployment_id) AS words,
           array_agg(o.outcome) FILTER (WHERE o.outcome IS NOT NULL) AS outcomes
      FROM deployments d
      LEFT JOIN deployment_outcomes o ON o.deployment_id = d.deployment_id
     GROUP BY d.decision_id
),
evaluation_lines AS (
    SELECT d.decision_id,
           string_agg(format('- %%s scored %%s/5: %%s', d.version_ref, ce.score, ce.rationale),
                      E'\n' ORDER BY ce.evaluated_at, ce.id) AS lines
      FROM change_evaluations ce
      JOIN deployments d ON d.deployment_id = ce.deployment_id
     WHERE ce.evaluated_at <= %(as_of)s
     GROUP BY d.decision_id
),
policy_lines AS (
    SELECT p.decision_id,
           string_agg('- ' || concat_ws(': ', p.policy_scope, p.constraint_note), E'\n'
                      ORDER BY p.created_at, p.id) AS lines
      FROM policy_references p
     WHERE p.decision_id IN (SELECT decision_id FROM decisions)
       AND p.created_at <= %(as_of)s
     GROUP BY p.decision_id
),
implementation_lines AS (
    SELECT i.decision_id,
           string_agg(format('- %%s %%s', i.system, i.work_item_ref), E'\n' ORDER BY i.linked_at, i.id) AS lines
      FROM implementation_change_references i
     WHERE i.decision_id IN (SELECT decision_id FROM decisions)
       AND i.linked_at <= %(as_of)s
     GROUP BY i.decision_id
),
composed AS (
    SELECT d.decision_id, d.hub_id, d.widget_id, d.title,
           concat_ws(' ', 'Outcome: ' || d.outcome || '.', NULLIF(rtrim(d.rationale, '. '), '') || '.',
                     'Deployment outcomes: ' || dl.words || '.') AS summary,
           concat_ws(E'\n\n',
               'Widget: ' || d.widget_name || ' (' || d.widget_type || ') in hub ' || d.hub_slug,
               'Requirement: ' || d.requirement_title || ' - ' || d.requirement_description,
               'Candidate (' || d.category || '): ' || d.candidate_title || ' - ' || d.candidate_description,
               'Source annotations:' || E'\n' || sa.lines,
               'Deployments:' || E'\n' || dl.lines,
               CASE WHEN d.outcome_summary IS NOT NULL THEN format(
                   'Outcome summary: %%s signals over %%s deployments - %%s improved, %%s regressed, '
                   '%%s neutral, %%s inconclusive; net score %%s; last signal %%s at %%s.',
                   d.outcome_summary ->> 'total', d.outcome_summary ->> 'deployment_count',
                   d.outcome_summary ->> 'improved', d.outcome_summary ->> 'regressed',
                   d.outcome_summary ->> 'neutral', d.outcome_summary ->> 'inconclusive',
                   d.outcome_summary ->> 'net_score', d.outcome_summary ->> 'last_signal_type',
                   d.outcome_summary ->> 'last_observed_at') END,
               'Change evaluations:' || E'\n' || el.lines,
               'Policy references:' || E'\n' || pl.lines,
               'Implementation references:' || E'\n' || il.lines,
               'Decision notes: ' || NULLIF(d.notes, '')) AS body,
           ARRAY(SELECT DISTINCT tag
                   FROM unnest(ARRAY[lower(d.category), lower(d.widget_type), lower(d.hub_slug), lower(d.outcome)]
                               || COALESCE(dl.outcomes, '{}')) AS tag
                  WHERE tag IS NOT NULL AND tag <> ''
                  ORDER BY tag) AS tags
      FROM decisions d
      LEFT JOIN source_annotations sa ON sa.candidate_id = d.candidate_id
      LEFT JOIN deployment_lines dl ON dl.decision_id = d.decision_id
      LEFT JOIN evaluation_lines el ON el.decision_id = d.decision_id
      LEFT JOIN policy_lines pl ON pl.decision_id = d.decision_id
      LEFT JOIN implementation_lines il ON il.decision_id = d.decision_id
)
SELECT c.*,
       -- An unambiguous encoding of everything the entry shows: any change re-distils it.
       md5(jsonb_build_array(c.title, c.summary, c.body, c.tags, c.hub_id, c.widget_id)::text) AS source_fingerprint
  FROM composed c
