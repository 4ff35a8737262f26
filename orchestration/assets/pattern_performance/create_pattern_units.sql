-- The units of every domain in the pattern window [as_of - 365 d, as_of]
-- (SPEC §7.2, §10), one row each: its pattern, its result (success / failure /
-- neutral / inconclusive) and its score input. create_pattern_records.sql
-- aggregates them per pattern.
--   ihf      deployment deployed in the window with an outcome from signals
--            <= as_of; score = its change evaluation (evaluated <= as_of).
--   foreman  task completed (by completed_at) or failed (by updated_at) in the
--            window; success = completed with latest QA execution <= as_of
--            GREEN; score = minutes started_at → completed_at (completed only).
--   scaffold project created in the window, not deleted, with a build status;
--            success = last build 'success'; its feedback is joined later.
-- Intervals are built from hours: '1 day' would follow the session time zone's DST.
-- Parameters: as_of (timestamptz), pattern_window_days (365).
CREATE TEMP TABLE pattern_units ON COMMIT DROP AS
WITH
params AS (
    SELECT %(as_of)s::timestamptz AS as_of,
           %(as_of)s::timestamptz - make_interval(hours => 24 * %(pattern_window_days)s::int) AS window_start
),

-- Deployment outcome (SPEC §5): latest non-inconclusive signal by (observed_at, id),
-- else inconclusive when every signal is.
ihf_outcomes AS (
    SELECT DISTINCT ON (s.deployment_id) s.deployment_id, s.signal_type
    FROM outcome_signals AS s
    CROSS JOIN params AS p
    WHERE s.observed_at <= p.as_of
    ORDER BY s.deployment_id, (s.signal_type <> 'inconclusive') DESC, s.observed_at DESC, s.id DESC
),

ihf_units AS (
    SELECT
        'ihf'::text AS domain,
        'ihf:' || dl.candidate_category || '/' || dl.widget_type AS pattern_key,
        jsonb_build_object('category', dl.candidate_category, 'widget_type', dl.widget_type) AS attributes,
        CASE o.signal_type
            WHEN 'improved' THEN 'success'
            WHEN 'regressed' THEN 'failure'
            ELSE o.signal_type -- neutral, inconclusive
        END AS result,
        ce.score::float8 AS score,
        NULL::uuid AS project_outcome_id
    FROM deployment_lineage AS dl
    JOIN ihf_outcomes AS o ON o.deployment_id = dl.deployment_id
    CROSS JOIN params AS p
    LEFT JOIN change_evaluations AS ce
      ON ce.deployment_id = dl.deployment_id
     AND ce.evaluated_at <= p.as_of
    WHERE dl.deployed_at >= p.window_start
      AND dl.deployed_at <= p.as_of
      AND dl.candidate_id IS NOT NULL
),

foreman_units AS (
    SELECT
        'foreman'::text AS domain,
        'foreman:' || t.assigned_builder || '/' || b.backend_type AS pattern_key,
        jsonb_build_object('builder', t.assigned_builder, 'backend_type', b.backend_type) AS attributes,
        CASE WHEN t.state = 'completed' AND qa.qa_status = 'GREEN' THEN 'success' ELSE 'failure' END AS result,
        CASE WHEN t.state = 'completed' THEN extract(epoch FROM t.completed_at - t.started_at)::float8 / 60 END AS score,
        NULL::uuid AS project_outcome_id
    FROM foreman.tasks AS t
    JOIN foreman.builders AS b ON b.builder_id = t.assigned_builder
    CROSS JOIN params AS p
    LEFT JOIN LATERAL (
        SELECT q.qa_status
        FROM foreman.qa_executions AS q
        WHERE q.task_id = t.task_id
          AND q.executed_at <= p.as_of
        ORDER BY q.executed_at DESC, q.execution_id DESC
        LIMIT 1
    ) AS qa ON true
    WHERE (t.state = 'completed' AND t.completed_at >= p.window_start AND t.completed_at <= p.as_of)
       OR (t.state = 'failed' AND t.updated_at >= p.window_start AND t.updated_at <= p.as_of)
),

scaffold_units AS (
    SELECT
        'scaffold'::text AS domain,
        'scaffold:' || po.pattern_id AS pattern_key,
        jsonb_build_object('pattern_id', po.pattern_id, 'pattern_name', po.pattern_name) AS attributes,
        CASE WHEN po.last_build_status = 'success' THEN 'success' ELSE 'failure' END AS result,
        NULL::float8 AS score,
        po.id AS project_outcome_id
    FROM scaffold.project_outcomes AS po
    CROSS JOIN params AS p
    WHERE po.created_at >= p.window_start
      AND po.created_at <= p.as_of
      AND po.status IS DISTINCT FROM 'deleted'
      AND po.last_build_status IS NOT NULL
)

SELECT * FROM ihf_units
UNION ALL
SELECT * FROM foreman_units
UNION ALL
SELECT * FROM scaffold_units
