-- Write the composed entries whose fingerprint changed (or that are new) and
-- report what happened. An unchanged entry is not touched at all: it is
-- filtered out before its tsvector is built, and the ON CONFLICT ... WHERE
-- guard keeps a concurrent writer's equal row as it is (no new row version,
-- distilled_at kept).
WITH changed AS (
    SELECT c.*
      FROM composed_entries c
      LEFT JOIN institutional_knowledge_entries e ON e.decision_id = c.decision_id
     WHERE e.source_fingerprint IS DISTINCT FROM c.source_fingerprint
),
written AS (
    INSERT INTO institutional_knowledge_entries AS e
           (decision_id, hub_id, widget_id, title, summary, body, tags, source_fingerprint, search_vector, distilled_at)
    SELECT decision_id, hub_id, widget_id, title, summary, body, tags, source_fingerprint,
           setweight(to_tsvector('english'::regconfig, title), 'A')
           || setweight(to_tsvector('english'::regconfig, summary), 'B')
           || setweight(to_tsvector('english'::regconfig, body), 'C'),
           now()
      FROM changed
        ON CONFLICT (decision_id) DO UPDATE
       SET hub_id = excluded.hub_id,
           widget_id = excluded.widget_id,
           title = excluded.title,
           summary = excluded.summary,
           body = excluded.body,
           tags = excluded.tags,
           source_fingerprint = excluded.source_fingerprint,
           search_vector = excluded.search_vector,
           distilled_at = excluded.distilled_at
     WHERE e.source_fingerprint IS DISTINCT FROM excluded.source_fingerprint
    RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted) AS inserted,
       count(*) FILTER (WHERE NOT inserted) AS updated,
       (SELECT count(*) FROM composed_entries) - count(*) AS unchanged
  FROM written
